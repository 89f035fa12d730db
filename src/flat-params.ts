/**
 * The facade's flat `params` → `{ path, query, body }` of `client.request`. One splitter per
 * operation, built on its first call from the registry's parameter lists; each call then costs one
 * pass over the caller's keys and at most three small objects.
 */
import { parameterRouting } from "../generated/resources.js";
import { InvalidArgumentError } from "./errors.js";
import type { OperationMeta } from "./operation.js";

export interface SplitInput {
  path: Record<string, unknown> | undefined;
  query: Record<string, unknown> | undefined;
  body: unknown;
}

export type Splitter = (params: unknown) => SplitInput;

const PATH = 1;
const QUERY = 2;

export function createSplitter(operation: OperationMeta): Splitter {
  const routes: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const p of operation.queryParams) routes[p.name] = QUERY;
  for (const p of operation.pathParams) routes[p.name] = PATH;
  const routed = Object.hasOwn(parameterRouting, operation.operationId)
    ? parameterRouting[operation.operationId]
    : undefined;
  for (const [name, where] of Object.entries(routed ?? {})) {
    routes[name] = where === "path" ? PATH : QUERY;
  }
  const context = {
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
  };

  return (params) => {
    if (params === undefined || params === null) {
      return { path: undefined, query: undefined, body: undefined };
    }
    if (typeof params !== "object" || Array.isArray(params)) {
      throw new InvalidArgumentError(
        "params",
        `${operation.operationId} takes one object of parameters ({ ${names(operation)} }); ` +
          `got ${Array.isArray(params) ? "an array" : typeof params}.`,
        context,
      );
    }
    let path: Record<string, unknown> | undefined;
    let query: Record<string, unknown> | undefined;
    let body: unknown;
    const source = params as Record<string, unknown>;
    for (const key in source) {
      const value = source[key];
      const route = routes[key];
      if (route === PATH) (path ??= {})[key] = value;
      else if (route === QUERY) {
        if (value !== undefined) (query ??= {})[key] = value;
      } else if (key === "body") body = value;
      else if (value !== undefined) {
        throw new InvalidArgumentError(
          key,
          `${operation.operationId} has no parameter "${key}"; it takes { ${names(operation)} }` +
            (operation.body ? " (request body fields go under `body`)." : "."),
          context,
        );
      }
    }
    return { path, query, body };
  };
}

function names(operation: OperationMeta): string {
  const all = [...operation.pathParams, ...operation.queryParams].map((p) => p.name);
  if (operation.body) all.push("body");
  return [...new Set(all)].join(", ") || "nothing";
}
