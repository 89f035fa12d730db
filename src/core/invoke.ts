/**
 * The one request path: every call of the SDK (facade, `request()`, pagination, helpers, the
 * login) is `raw.request(method, path, init)` on the client's openapi-fetch client, which builds
 * the Request, runs the user's middleware, sends it through the attempt pipeline (its `fetch`) and
 * parses the answer; envelope.ts maps that to `data` or a typed error.
 */
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/schema.js";
import { unreadableAnswer, unwrap, type Envelope } from "./envelope.js";
import { InvalidArgumentError } from "./errors.js";
import { operationOf, type Operation, type Registry } from "./operation.js";
import { serializePath, toFormData, validatePathParams, type SplitInput } from "./params.js";
import type { CallOptions, RequestContext, Send } from "./pipeline.js";

type Answer = { data?: unknown; error?: unknown; response: Response };

export function createInvoker(raw: Client<paths>, send: Send, redact: (text: string) => string) {
  // Untyped: the method and path are any operation's, checked by the registry instead.
  const request = raw.request as unknown as (m: string, p: string, init: object) => Promise<Answer>;
  return async (
    operation: Operation,
    input: SplitInput,
    options: CallOptions,
  ): Promise<Envelope> => {
    validatePathParams(operation, input.path);
    const { body } = input;
    const { context } = operation;
    if (operation.bodyRequired && body === undefined) {
      throw new InvalidArgumentError(
        "body",
        `${operation.operationId} needs a request body.`,
        context,
      );
    }
    const ctx: RequestContext = { operation, options, signal: options.signal, attempt: 0 };
    const multipart =
      body !== undefined && (operation.body === "multipart" || body instanceof FormData);
    // JSON is made anew for a replay, byte for byte; other bodies are cloned (a new FormData would
    // get a new boundary; a caller's Content-Type may have made openapi-fetch serialize otherwise).
    if (body !== undefined && !multipart && isJson(options.headers)) {
      ctx.rebuildBody = () => JSON.stringify(body);
    }
    let answer: Response | undefined;
    let result: Answer;
    try {
      result = await request(operation.httpMethod, operation.path, {
        params: { path: input.path, query: input.query },
        body,
        bodySerializer: multipart ? (b: unknown) => toFormData(b, context) : undefined,
        pathSerializer: serializePath, // checked above: no second check
        headers: options.headers,
        parseAs: operation.response === "binary" ? "blob" : "json",
        fetch: async (built: Request & { altegioCall?: unknown }) => {
          // A middleware replaced the Request: its body may differ, so it is cloned, not rebuilt.
          if (built.altegioCall !== ctx) ctx.rebuildBody = undefined;
          return (answer = await send(built, ctx));
        },
        altegioCall: ctx, // copied by openapi-fetch onto the Request it builds
      });
      if (result.data instanceof Blob && /json/i.test(result.data.type)) {
        // A JSON answer (an envelope) to an operation whose success is a file.
        result = { ...result, data: JSON.parse(await result.data.text()) as unknown };
      }
    } catch (error) {
      throw error instanceof SyntaxError && answer
        ? unreadableAnswer(answer, context, redact)
        : error;
    }
    return unwrap(result, context, redact, operation.auth === "user");
  };
}

/** The operation a raw call's URL stands for (the most literal template wins), matched lazily. */
export function createRouteMatcher(registry: Registry, baseUrl: string) {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  let routes: { operationId: string; method: string; pattern: RegExp; literals: number }[];
  return (method: string, url: string): Operation | undefined => {
    let pathname: string;
    try {
      pathname = new URL(url).pathname;
    } catch {
      return undefined;
    }
    if (!pathname.startsWith(basePath)) return undefined;
    const relative = pathname.slice(basePath.length) || "/";
    routes ??= Object.entries(registry).map(([operationId, meta]) => {
      const segments = meta.path.split("/");
      const source = segments
        .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^{}]+\}/g, "[^/]+"))
        .join("/");
      const literals = segments.filter((s) => !s.includes("{")).length;
      return { operationId, method: meta.method, pattern: new RegExp(`^${source}/?$`), literals };
    });
    let best: (typeof routes)[number] | undefined;
    for (const route of routes) {
      if (route.method !== method.toLowerCase() || !route.pattern.test(relative)) continue;
      if (!best || route.literals > best.literals) best = route;
    }
    return best && operationOf(registry, best.operationId);
  };
}

/** Whether a call's own headers leave its body JSON (no Content-Type, or a JSON one). */
function isJson(headers: Record<string, string> | undefined): boolean {
  if (!headers) return true;
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type");
  return !type || /json/i.test(type[1]);
}
