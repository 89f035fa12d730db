/** Reading parsed YAML/JSON without casts, and local `$ref`s: followed, inlined, compared. */
import { resolvePointer } from "../codegen/refs.js";
import { isRecord as isObject } from "../codegen/util.js";

export { isObject };
export type JsonObject = Record<string, unknown>;

export function objectAt(value: unknown, key: string): JsonObject {
  const child = isObject(value) ? value[key] : undefined;
  return isObject(child) ? child : {};
}

export function arrayAt(value: unknown, key: string): readonly unknown[] {
  const child = isObject(value) ? value[key] : undefined;
  return Array.isArray(child) ? child : [];
}

export function stringAt(value: unknown, key: string): string | undefined {
  const child = isObject(value) ? value[key] : undefined;
  return typeof child === "string" ? child : undefined;
}

/**
 * Follows local `$ref`s (the codegen's pointer reading) to a non-reference node; `refs` is the
 * chain followed. A loop or a pointer to nowhere stops it at the `$ref` instead of throwing.
 */
export function resolve(document: unknown, node: unknown): { node: unknown; refs: string[] } {
  const refs: string[] = [];
  let current = node;
  while (isObject(current) && typeof current.$ref === "string" && !refs.includes(current.$ref)) {
    const ref = current.$ref;
    try {
      current = resolvePointer(document, ref);
    } catch {
      break;
    }
    refs.push(ref);
  }
  return { node: current, refs };
}

/** A short description of a schema: `array<integer>`, `string (date-time)`, `one of "a", "b"`. */
export function describe(document: unknown, schema: unknown, depth = 0): string {
  const node = resolve(document, schema).node;
  if (!isObject(node)) return "any";
  const variants = [...arrayAt(node, "oneOf"), ...arrayAt(node, "anyOf")];
  if (variants.length > 0 && depth < 3) {
    return variants.map((v) => describe(document, v, depth + 1)).join(" | ");
  }
  if (Array.isArray(node.enum))
    return `one of ${node.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const implied = isObject(node.properties) ? "object" : isObject(node.items) ? "array" : "any";
  const types = [node.type ?? implied].flat().map(String);
  const format = stringAt(node, "format");
  return types
    .map((type) => {
      if (type === "array" && isObject(node.items) && depth < 3) {
        return `array<${describe(document, node.items, depth + 1)}>`;
      }
      return type === "string" && format ? `string (${format})` : type;
    })
    .join(" | ");
}

/**
 * `node` with local `$ref`s replaced by their targets and `allOf` merged into one schema, so the
 * diff library compares plain trees (it misreads a `$ref` facing an inline schema, and some
 * `allOf`s). A reference back into itself stays a `$ref`.
 */
export function inline(document: unknown, node: unknown, stack: readonly string[] = []): unknown {
  const { node: target, refs } = resolve(document, node);
  const cycle = refs.find((ref) => stack.includes(ref));
  if (cycle !== undefined) return { $ref: cycle };
  const inner = [...stack, ...refs];
  if (Array.isArray(target)) return target.map((v) => inline(document, v, inner));
  if (!isObject(target)) return target;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(target)) out[key] = inline(document, value, inner);
  const parts = Array.isArray(out.allOf) ? out.allOf.filter(isObject) : [];
  if (parts.length === 0) return out;
  delete out.allOf;
  let merged: JsonObject = out;
  for (const part of parts) {
    const required = [...arrayAt(part, "required"), ...arrayAt(merged, "required")];
    merged = {
      ...part,
      ...merged,
      properties: { ...objectAt(part, "properties"), ...objectAt(merged, "properties") },
      ...(required.length > 0 ? { required: [...new Set(required)].sort() } : {}),
    };
  }
  return merged;
}

const documentationKeys = new Set(["description", "summary", "title", "example", "examples"]);
const mapKeys = new Set(["properties", "patternProperties", "$defs", "definitions"]);

/** Sorted-key JSON of the inlined node without documentation keywords: equal means same schema. */
export function canonical(document: unknown, node: unknown): string {
  const stable = (value: unknown, isMap: boolean): string => {
    if (Array.isArray(value)) return `[${value.map((v) => stable(v, false)).join(",")}]`;
    if (!isObject(value)) return JSON.stringify(value) ?? "null";
    const keys = Object.keys(value).sort();
    const kept = keys.filter((k) => isMap || (!documentationKeys.has(k) && !k.startsWith("x-")));
    const parts = kept.map(
      (k) => `${JSON.stringify(k)}:${stable(value[k], !isMap && mapKeys.has(k))}`,
    );
    return `{${parts.join(",")}}`;
  };
  return stable(inline(document, node), false);
}
