/**
 * The request pipeline: every HTTP call of the SDK (facade methods, the raw openapi-fetch client,
 * the session's own login) goes through one chain of plugins, like Octokit's `hook.wrap` or ky's
 * hooks. Each plugin wraps the next `send`; the innermost one is `fetch`.
 *
 * Order (outermost first), assembled in client.ts:
 *   totalTimeout → retry → relogin(401) → rateLimit → auth headers → attemptTimeout → fetch
 *
 * Rule for plugins that may call `next` more than once (retry, relogin): keep the request you were
 * given sendable and pass `forAttempt(request)` to each attempt, so JSON and multipart bodies
 * replay. Plugins that change the request for the attempt restore it once `next` settles (auth).
 */
import type { OperationMeta } from "./operation.js";

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
  /** The operation from the registry; undefined for a raw call to a path the registry lacks. */
  readonly operation: OperationMeta | undefined;
  /** Per-call options as given by the caller (client defaults are applied by each plugin). */
  readonly options: CallOptions;
  /** The signal that aborts this call: caller's signal combined with the total timeout. */
  signal: AbortSignal | undefined;
  /** 0 for the first attempt; incremented by the retry plugin. */
  attempt: number;
  /**
   * The signal of the current attempt (attempt timeout combined with `signal`). Set only by an
   * attemptTimeoutPlugin created with `{ signalVia: "context" }`; the terminal transport then
   * passes it to fetch (`fetch(request, { signal })`) instead of the plugin building a new
   * Request per attempt to carry it (a Request costs tens of µs in undici).
   */
  attemptSignal?: AbortSignal | undefined;
}

export type Send = (request: Request, ctx: RequestContext) => Promise<Response>;
export type Plugin = (next: Send) => Send;

/**
 * What to hand to one attempt so that `request` can still be sent again: a bodiless Request is
 * never consumed, so it goes as is (a clone is one more Request construction, tens of µs in
 * undici); one with a body is cloned, which tees the body, read once, to both copies.
 */
export function forAttempt(request: Request): Request {
  return request.body === null ? request : request.clone();
}

/** Builds one `send` from plugins listed outermost first. */
export function compose(plugins: readonly Plugin[], terminal: Send): Send {
  return plugins.reduceRight<Send>((next, plugin) => plugin(next), terminal);
}
