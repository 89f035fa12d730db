/** Following local `$ref`s (`#/components/...`) inside one document. */
import { CodegenError } from "./errors.js";
import { isRecord } from "./util.js";

/** Returns `value` with its `$ref` chain followed; non-refs come back unchanged. */
export function deref(root: unknown, value: unknown): unknown {
  let current = value;
  for (let hops = 0; isRecord(current) && typeof current.$ref === "string"; hops += 1) {
    if (hops > 32) throw new CodegenError("REGISTRY_INVALID", `$ref loop at ${current.$ref}`);
    current = resolvePointer(root, current.$ref);
  }
  return current;
}

export function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) {
    throw new CodegenError("REGISTRY_INVALID", `Only local $refs are supported, got ${ref}`);
  }
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node =
      isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    if (node === undefined) throw new CodegenError("REGISTRY_INVALID", `Unresolvable $ref ${ref}`);
  }
  return node;
}
