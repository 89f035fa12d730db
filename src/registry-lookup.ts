/**
 * Finds the operation of a request: by route (`post` + `/auth`, as openapi-fetch's `schemaPath`)
 * or, when only the URL is known, by matching it against the registry's path templates.
 */
import type { OperationMeta } from "./operation.js";

/** operationId → metadata: the generated registry, or one given to the client. */
export type Registry = Readonly<Record<string, OperationMeta>>;

export interface RouteMatcher {
  byRoute(method: string, pathTemplate: string): OperationMeta | undefined;
  /** The operation whose template matches the URL's path below `baseUrl`; most literal wins. */
  byUrl(method: string, url: string): OperationMeta | undefined;
}

interface Compiled {
  operation: OperationMeta;
  pattern: RegExp;
  literalSegments: number;
}

export function createRouteMatcher(registry: Registry, baseUrl: string): RouteMatcher {
  // Path template → method → operation: the template is usually the caller's own constant
  // string, so the lookup hashes no string built for it.
  const byPath = new Map<string, Map<string, OperationMeta>>();
  for (const operation of Object.values(registry)) {
    let methods = byPath.get(operation.path);
    if (!methods) byPath.set(operation.path, (methods = new Map()));
    methods.set(operation.method, operation);
  }
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  let compiled: Compiled[] | undefined;

  return {
    byRoute(method, pathTemplate) {
      return byPath.get(pathTemplate)?.get(method.toLowerCase());
    },
    byUrl(method, url) {
      let pathname: string;
      try {
        pathname = new URL(url).pathname;
      } catch {
        return undefined;
      }
      if (!pathname.startsWith(basePath)) return undefined;
      const relative = pathname.slice(basePath.length) || "/";
      compiled ??= Object.values(registry).map(compile);
      let best: Compiled | undefined;
      for (const candidate of compiled) {
        if (candidate.operation.method !== method.toLowerCase()) continue;
        if (!candidate.pattern.test(relative)) continue;
        if (!best || candidate.literalSegments > best.literalSegments) best = candidate;
      }
      return best?.operation;
    },
  };
}

function compile(operation: OperationMeta): Compiled {
  const segments = operation.path.split("/");
  let literalSegments = 0;
  const source = segments
    .map((segment) => {
      if (/^\{[^{}]+\}$/.test(segment)) return "[^/]+";
      literalSegments += 1;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\{[^{}]+\\\}/g, "[^/]+");
    })
    .join("/");
  return { operation, pattern: new RegExp(`^${source}/?$`), literalSegments };
}
