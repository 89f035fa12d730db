/**
 * `client.raw`: openapi-fetch's client whose `fetch` runs the SDK's pipeline, with the operation
 * of the route (path parameters checked before anything is built) and the caller's signal.
 *
 * Each call hands openapi-fetch a `fetch` of its own that knows the operation and the signal the
 * caller passed, so openapi-fetch runs no middleware machinery for it, and the pipeline does not
 * have to listen to the Request's own signal (every Request has one, caller's signal or not).
 * Once the caller adds middleware, which may replace the Request, both come from the Request that
 * reaches fetch instead, as before: the operation recorded by a middleware of ours that runs
 * first (or matched by URL), and that Request's signal.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import type { OperationMeta } from "./operation.js";
import { pathSerializer, validatePathParams } from "./path-params.js";
import type { RequestContext, Send } from "./pipeline.js";
import { serializeQuery } from "./query-serializer.js";
import type { RouteMatcher } from "./registry-lookup.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/** The part of openapi-fetch's init this module reads; the rest is passed on untouched. */
interface RawInit {
  params?: { path?: Record<string, unknown> };
  signal?: AbortSignal | null;
  fetch?: unknown;
  middleware?: Middleware[];
}

type LooseRequest = (method: string, url: string, init: RawInit) => Promise<unknown>;

export function createRawClient(baseUrl: string, send: Send, routes: RouteMatcher): Client<paths> {
  const core = createClient<paths>({ baseUrl, pathSerializer, querySerializer: serializeQuery });
  const request = core.request as unknown as LooseRequest;

  const operationOf = new WeakMap<Request, OperationMeta>();
  const recorder: Middleware = {
    onRequest({ request: built, schemaPath }) {
      const operation = routes.byRoute(built.method, schemaPath);
      if (operation) operationOf.set(built, operation);
      return undefined;
    },
  };
  let withMiddleware = false;

  const call = (method: string, url: string, init: RawInit | undefined): Promise<unknown> => {
    // A per-call fetch of the caller's bypasses the pipeline, as openapi-fetch documents.
    if (init?.fetch) return request(method, url, init);
    const operation = routes.byRoute(method, url);
    if (operation) {
      try {
        validatePathParams(operation, init?.params?.path);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const own = init?.middleware;
    const middleware = own && !withMiddleware ? [recorder, ...own] : own;
    const fetch = middleware || withMiddleware ? viaMiddleware : direct(operation, init?.signal);
    return request(method, url, middleware ? { ...init, middleware, fetch } : { ...init, fetch });
  };

  // Returned, not assigned: builds that keep function names do not rename it on every call.
  const direct =
    (operation: OperationMeta | undefined, callerSignal: AbortSignal | null | undefined) =>
    (sent: Request) => {
      const signal = callerSignal ?? undefined;
      const ctx: RequestContext = {
        operation: operation ?? routes.byUrl(sent.method, sent.url),
        options: { signal },
        signal,
        attempt: 0,
      };
      return send(sent, ctx);
    };

  const viaMiddleware = (sent: Request): Promise<Response> => {
    const ctx: RequestContext = {
      operation: operationOf.get(sent) ?? routes.byUrl(sent.method, sent.url),
      options: { signal: sent.signal },
      signal: sent.signal,
      attempt: 0,
    };
    return send(sent, ctx);
  };

  const raw = {
    request: (method: string, url: string, init?: RawInit) => call(method.toUpperCase(), url, init),
    use(...middleware: Middleware[]) {
      // Ours first, so it sees the Request openapi-fetch built before any other replaces it.
      if (!withMiddleware && middleware.length > 0) core.use(recorder);
      withMiddleware ||= middleware.length > 0;
      core.use(...middleware);
    },
    eject: (...middleware: Middleware[]) => core.eject(...middleware),
  } as Record<string, unknown>;
  for (const method of METHODS) {
    raw[method] = (url: string, init?: RawInit) => call(method, url, init);
  }
  return raw as unknown as Client<paths>;
}
