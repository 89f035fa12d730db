/**
 * The one request path. Every call of the SDK (facade methods, `request()`, pagination, helpers,
 * the session's login) is `raw.request(method, path, init)` on the client's openapi-fetch client:
 * openapi-fetch builds the Request (URL, query, headers, body), runs the middleware a user added
 * with `altegio.raw.use()`, sends it through the `fetch` it is given (the attempt pipeline,
 * pipeline.ts) and parses the answer; envelope.ts maps that to `data` or a typed error.
 */
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/schema.js";
import { unreadableAnswer, unwrap, type Envelope } from "./envelope.js";
import { InvalidArgumentError } from "./errors.js";
import { operationOf, type Operation, type Registry } from "./operation.js";
import { serializePath, toFormData, validatePathParams, type SplitInput } from "./params.js";
import type { CallOptions, RequestContext, Send } from "./pipeline.js";

/** What openapi-fetch's `request()` takes and gives, as this module uses it. */
interface LooseInit {
  params: {
    path?: Record<string, unknown> | undefined;
    query?: Record<string, unknown> | undefined;
  };
  body?: unknown;
  bodySerializer?: (body: unknown) => FormData;
  pathSerializer: typeof serializePath;
  headers?: Record<string, string> | undefined;
  parseAs: "json" | "blob";
  fetch: (request: Request) => Promise<Response>;
  /** Copied by openapi-fetch onto the Request it builds: tells ours from a middleware's. */
  altegioCall: RequestContext;
}
type LooseRequest = (
  method: string,
  path: string,
  init: LooseInit,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export type Invoke = (
  operation: Operation,
  input: SplitInput,
  options: CallOptions,
) => Promise<Envelope>;

export function createInvoker(
  raw: Client<paths>,
  send: Send,
  redact: (text: string) => string,
): Invoke {
  const request = raw.request as unknown as LooseRequest;
  return async (operation, input, options) => {
    validatePathParams(operation, input.path);
    const body = input.body;
    if (operation.bodyRequired && body === undefined) {
      throw new InvalidArgumentError(
        "body",
        `${operation.operationId} needs a request body.`,
        operation.context,
      );
    }
    const ctx: RequestContext = { operation, options, signal: options.signal, attempt: 0 };
    const multipart =
      body !== undefined && (operation.body === "multipart" || body instanceof FormData);
    const serialize = multipart ? (b: unknown) => toFormData(b, operation.context) : undefined;
    // JSON is made anew for a replay, byte for byte; multipart is cloned (a new FormData would
    // get a new boundary, unlike the Content-Type the request already carries).
    if (body !== undefined && !serialize) ctx.rebuildBody = () => JSON.stringify(body);
    let answer: Response | undefined;
    let result: Awaited<ReturnType<LooseRequest>>;
    try {
      result = await request(operation.httpMethod, operation.path, {
        params: { path: input.path, query: input.query },
        body,
        ...(serialize ? { bodySerializer: serialize } : {}),
        // Checked above: no second check in openapi-fetch's URL building.
        pathSerializer: serializePath,
        headers: options.headers,
        parseAs: operation.response === "binary" ? "blob" : "json",
        fetch: async (built) => {
          // A middleware replaced the Request: its body may differ, so it is cloned, not rebuilt.
          if ((built as { altegioCall?: unknown }).altegioCall !== ctx) ctx.rebuildBody = undefined;
          return (answer = await send(built, ctx));
        },
        altegioCall: ctx,
      });
      if (result.data instanceof Blob && /json/i.test(result.data.type)) {
        // A JSON answer (an envelope) to an operation whose success is a file.
        result = { ...result, data: JSON.parse(await result.data.text()) as unknown };
      }
    } catch (error) {
      if (error instanceof SyntaxError && answer) {
        throw unreadableAnswer(answer, operation.context, redact);
      }
      throw error;
    }
    return unwrap(result, operation.context, redact, operation.auth === "user");
  };
}

/** The operation a raw call's URL stands for (most literal template wins), matched lazily. */
export function createRouteMatcher(registry: Registry, baseUrl: string) {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  let compiled: { operationId: string; method: string; pattern: RegExp; literals: number }[];
  return (method: string, url: string): Operation | undefined => {
    let pathname: string;
    try {
      pathname = new URL(url).pathname;
    } catch {
      return undefined;
    }
    if (!pathname.startsWith(basePath)) return undefined;
    const relative = pathname.slice(basePath.length) || "/";
    compiled ??= Object.entries(registry).map(([operationId, meta]) => {
      const segments = meta.path.split("/");
      const source = segments
        .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^{}]+\}/g, "[^/]+"))
        .join("/");
      const literals = segments.filter((s) => !s.includes("{")).length;
      return { operationId, method: meta.method, pattern: new RegExp(`^${source}/?$`), literals };
    });
    let best: (typeof compiled)[number] | undefined;
    for (const candidate of compiled) {
      if (candidate.method !== method.toLowerCase() || !candidate.pattern.test(relative)) continue;
      if (!best || candidate.literals > best.literals) best = candidate;
    }
    return best && operationOf(registry, best.operationId);
  };
}
