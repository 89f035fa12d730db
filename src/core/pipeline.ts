/**
 * The attempt pipeline behind openapi-fetch's `fetch`: every request of a client goes through one
 * chain of plugins (like Octokit's `hook.wrap`), assembled outermost first in src/client.ts:
 *   totalTimeout → retry → relogin(401) → rateLimit → userToken → logging → your plugins
 *     → auth → attempt → fetch
 */
import type { ErrorContext } from "./errors.js";
import type { Operation } from "./operation.js";

export interface CallOptions {
  /** Cancels the call (and any wait in the rate-limit queue or between retries). */
  signal?: AbortSignal;
  /** Milliseconds for one attempt; the client default applies when omitted. */
  timeout?: number;
  /** Milliseconds for the whole call, retries and waits included. */
  totalTimeout?: number;
  /** Retries after the first attempt; the client default applies when omitted. */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

export interface RequestContext {
  /** The operation; undefined for a raw call to a path the registry lacks. */
  readonly operation: Operation | undefined;
  /** Per-call options as given by the caller (client defaults are applied by each plugin). */
  readonly options: CallOptions;
  /** The signal that aborts this call: the caller's, combined with the total timeout. */
  signal: AbortSignal | undefined;
  /** 0 for the first attempt; incremented by the retry plugin. */
  attempt: number;
  /** The user token the latest attempt was sent with (set by the auth plugin). */
  userToken?: string | undefined;
  /** The signal of the current attempt, set by the attempt plugin and handed to fetch. */
  attemptSignal?: AbortSignal | undefined;
  /** Makes a facade call's body anew for a replay, so no body is copied unless one happens. */
  rebuildBody?: (() => string) | undefined;
}

export type Send = (request: Request, ctx: RequestContext) => Promise<Response>;
export type Plugin = (next: Send) => Send;

/**
 * Thrown by the user-token plugin for an attempt it holds back (a login is under way, or no user
 * token yet): the limiter gives the slot back uncounted, relogin sends it again. Internal.
 */
export class NotSent extends Error {
  constructor(readonly reason: "login under way" | "no user token") {
    super(`Attempt held back: ${reason}.`);
  }
}

/** Builds one `send` from plugins listed outermost first. */
export function compose(plugins: readonly Plugin[], terminal: Send): Send {
  return plugins.reduceRight<Send>((next, plugin) => plugin(next), terminal);
}

/**
 * What to hand to one attempt so that `request` can be sent again: a bodiless or unsent request
 * as is, a sent one with its body made anew, else a clone (which tees the body).
 */
export function nextAttempt(request: Request, ctx: RequestContext): Request {
  if (request.body === null) return request;
  if (ctx.rebuildBody) {
    return request.bodyUsed ? new Request(request, { body: ctx.rebuildBody() }) : request;
  }
  return request.clone();
}

/** A call's error context: its operation's, or for a raw call off the registry, its URL path. */
export function contextOf(ctx: RequestContext, request: Request): ErrorContext {
  if (ctx.operation) return ctx.operation.context;
  try {
    return { method: request.method, path: new URL(request.url).pathname };
  } catch {
    return { method: request.method, path: undefined };
  }
}
