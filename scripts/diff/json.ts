/** Reading parsed YAML/JSON without casts, and local `$ref`s: followed, inlined, compared. */
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

/** The node at a JSON pointer (`/components/schemas/Item`), or undefined. */
export function pointer(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const raw of path.split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    current =
      isObject(current) || Array.isArray(current) ? (current as JsonObject)[key] : undefined;
  }
  return current;
}

/** Follows local `$ref`s to a non-reference node; `refs` is the chain followed. */
export function resolve(document: unknown, node: unknown): { node: unknown; refs: string[] } {
  const refs: string[] = [];
  let current = node;
  while (isObject(current) && typeof current.$ref === "string" && current.$ref.startsWith("#")) {
    const ref = current.$ref;
    const target = refs.includes(ref) ? undefined : pointer(document, ref.slice(1));
    if (target === undefined) break;
    refs.push(ref);
    current = target;
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

interface Tracker {
  readonly visited: Set<string>;
  readonly hits: Set<string>;
}
const cache = new WeakMap<object, Map<string, { value: unknown; visited: Set<string> }>>();

/**
 * `node` with local `$ref`s replaced by their targets and `allOf` merged into one schema, so the
 * diff library compares plain trees (it misreads a `$ref` facing an inline schema, and some
 * `allOf`s). A reference back into itself stays a `$ref`. Each referenced schema is inlined once
 * per document and shared, unless a cycle makes its form depend on where it is reached from.
 */
export function inline(document: unknown, node: unknown): unknown {
  const byRef = isObject(document) ? (cache.get(document) ?? new Map()) : new Map();
  if (isObject(document)) cache.set(document, byRef);
  const trackers: Tracker[] = [];
  const walk = (value: unknown, stack: readonly string[]): unknown => {
    const { node: target, refs } = resolve(document, value);
    const cycle = refs.find((ref) => stack.includes(ref));
    if (cycle !== undefined) {
      trackers.at(-1)?.hits.add(cycle);
      return { $ref: cycle };
    }
    const [first] = refs;
    if (first === undefined) return expand(target, stack);
    const parent = trackers.at(-1);
    const cached = byRef.get(first);
    if (cached && ![...stack].some((ref) => cached.visited.has(ref))) {
      for (const ref of cached.visited) parent?.visited.add(ref);
      return cached.value;
    }
    const tracker: Tracker = { visited: new Set(refs), hits: new Set() };
    trackers.push(tracker);
    const out = expand(target, [...stack, ...refs]);
    trackers.pop();
    for (const ref of refs) tracker.hits.delete(ref);
    if (tracker.hits.size === 0) byRef.set(first, { value: out, visited: tracker.visited });
    for (const ref of tracker.visited) parent?.visited.add(ref);
    for (const ref of tracker.hits) parent?.hits.add(ref);
    return out;
  };
  const expand = (target: unknown, stack: readonly string[]): unknown => {
    if (Array.isArray(target)) return target.map((v) => walk(v, stack));
    if (!isObject(target)) return target;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(target)) out[key] = walk(value, stack);
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
  };
  return walk(node, []);
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
