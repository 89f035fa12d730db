/**
 * Reads the operations of a description into a map keyed by operationId, the identity that
 * survives a path move. Path-level parameters and servers are folded into each operation.
 */
import { arrayAt, isObject, objectAt, resolve, stringAt, type JsonObject } from "./json.js";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface Operation {
  /** The operationId, or `METHOD path` when the description gives none. */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly definition: JsonObject;
  /** Path-level and operation-level parameters, resolved; the operation's win on (in, name). */
  readonly parameters: readonly JsonObject[];
  /** Effective security requirement: the operation's, else the document's. */
  readonly security: readonly JsonObject[];
  /** Effective servers: the operation's, else the path's, else the document's. */
  readonly servers: readonly string[];
}

export function readOperations(document: unknown): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  const paths = objectAt(document, "paths");
  const documentServers = serverUrls(arrayAt(document, "servers"));
  const documentSecurity = arrayAt(document, "security").filter(isObject);
  for (const path of Object.keys(paths).sort()) {
    const item = resolve(document, paths[path]).node;
    if (!isObject(item)) continue;
    const pathParameters = arrayAt(item, "parameters");
    const pathServers = serverUrls(arrayAt(item, "servers"));
    for (const method of methods) {
      const definition = item[method];
      if (!isObject(definition)) continue;
      const id = stringAt(definition, "operationId");
      let key = id ?? `${method.toUpperCase()} ${path}`;
      // A duplicated operationId (invalid, but seen in the wild) must not hide an operation.
      if (operations.has(key)) key = `${key} (${method.toUpperCase()} ${path})`;
      const ownServers = serverUrls(arrayAt(definition, "servers"));
      operations.set(key, {
        key,
        method,
        path,
        definition,
        parameters: mergeParameters(document, pathParameters, arrayAt(definition, "parameters")),
        security: Array.isArray(definition.security)
          ? definition.security.filter(isObject)
          : documentSecurity,
        servers:
          ownServers.length > 0
            ? ownServers
            : pathServers.length > 0
              ? pathServers
              : documentServers,
      });
    }
  }
  return operations;
}

function mergeParameters(
  document: unknown,
  fromPath: readonly unknown[],
  fromOperation: readonly unknown[],
): JsonObject[] {
  const merged = new Map<string, JsonObject>();
  for (const raw of [...fromPath, ...fromOperation]) {
    const parameter = resolve(document, raw).node;
    if (!isObject(parameter)) continue;
    merged.set(`${stringAt(parameter, "in")}:${stringAt(parameter, "name")}`, parameter);
  }
  return [...merged.values()];
}

function serverUrls(servers: readonly unknown[]): string[] {
  return servers.map((s) => stringAt(s, "url")).filter((u): u is string => u !== undefined);
}
