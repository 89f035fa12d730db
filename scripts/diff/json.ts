/**
 * Narrowing helpers for parsed YAML/JSON, and local `$ref` resolution. A description is read as
 * plain data; these helpers keep the diff code free of casts.
 */

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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

export function booleanAt(value: unknown, key: string): boolean {
  return isObject(value) && value[key] === true;
}

/** A short human description of a schema, e.g. `array<integer>`, `string (date-time)`, `one of "a", "b"`. */
export function describe(document: unknown, schema: unknown, depth = 0): string {
  const node = resolve(document, schema).node;
  if (!isObject(node)) return "any";
  const variants = [...arrayAt(node, "oneOf"), ...arrayAt(node, "anyOf")];
  if (variants.length > 0 && depth < 3) {
    return variants.map((v) => describe(document, v, depth + 1)).join(" | ");
  }
  if (Array.isArray(node.enum))
    return `one of ${node.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const declared = node.type;
  const types = Array.isArray(declared)
    ? declared.map(String)
    : typeof declared === "string"
      ? [declared]
      : isObject(node.properties)
        ? ["object"]
        : isObject(node.items)
          ? ["array"]
          : ["any"];
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
 * Follows local `$ref`s (`#/components/...`) until a non-reference node. Returns the node and the
 * chain of references followed (used to stop on recursive schemas). External references are
 * returned as they are: the node then compares by its `$ref` string.
 */
export function resolve(
  document: unknown,
  node: unknown,
): { node: unknown; refs: readonly string[] } {
  const refs: string[] = [];
  let current = node;
  while (isObject(current) && typeof current.$ref === "string" && current.$ref.startsWith("#")) {
    const ref = current.$ref;
    if (refs.includes(ref)) break;
    refs.push(ref);
    const target = pointer(document, ref.slice(1));
    if (target === undefined) break;
    current = target;
  }
  return { node: current, refs };
}

function pointer(document: unknown, path: string): unknown {
  if (path === "") return document;
  let current: unknown = document;
  for (const raw of path.split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/**
 * JSON with sorted keys, without documentation-only keywords: equal output means same schema.
 * Keys of `properties`-like maps are names, not keywords, so they are never dropped.
 */
export function canonical(document: unknown, node: unknown, seen: readonly string[] = []): string {
  return canonicalNode(document, node, seen, false);
}

function canonicalNode(
  document: unknown,
  node: unknown,
  seen: readonly string[],
  isMap: boolean,
): string {
  const { node: target, refs } = resolve(document, node);
  const cycle = refs.find((ref) => seen.includes(ref));
  if (cycle !== undefined) return JSON.stringify({ $ref: cycle });
  const trail = [...seen, ...refs];
  if (Array.isArray(target)) {
    return `[${target.map((v) => canonicalNode(document, v, trail, false)).join(",")}]`;
  }
  if (!isObject(target)) return JSON.stringify(target) ?? "null";
  const parts = Object.keys(target)
    .sort()
    .map((key): [string, unknown] => [key, target[key]])
    .filter(([key]) => isMap || (!documentationKeys.has(key) && !key.startsWith("x-")))
    .map(([key, value]) => {
      const child = canonicalNode(document, value, trail, !isMap && mapKeys.has(key));
      return `${JSON.stringify(key)}:${child}`;
    });
  return `{${parts.join(",")}}`;
}

const documentationKeys = new Set(["description", "summary", "title", "example", "examples"]);
const mapKeys = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
]);

/**
 * `node` with local `$ref`s replaced by their targets and `allOf` merged into one schema
 * (properties and required lists united), so the diff library compares plain trees: it misreads
 * a `$ref` facing an inline schema, and some `allOf`s. A reference back into itself is kept.
 */
export function inline(document: unknown, node: unknown, stack: readonly string[] = []): unknown {
  const { node: target, refs } = resolve(document, node);
  const cycle = refs.find((ref) => stack.includes(ref));
  if (cycle !== undefined) return { $ref: cycle };
  const trail = [...stack, ...refs];
  if (Array.isArray(target)) return target.map((v) => inline(document, v, trail));
  if (!isObject(target)) return target;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target)) out[key] = inline(document, value, trail);
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
