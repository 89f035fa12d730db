/**
 * Timeouts and cancellation.
 *
 * - `totalTimeoutPlugin` (outermost) bounds the whole call, queue waits and retries included, and
 *   makes `ctx.signal` the caller's AbortSignal, combined with the total timeout when there is
 *   one (its reason is then a `TimeoutError`). Whatever the reason, the call rejects with an SDK
 *   error: `AbortedError` (cause: the caller's reason) or `TimeoutError`.
 * - `attemptTimeoutPlugin` (just above fetch) bounds one attempt, headers AND body: it reads the
 *   body inside the attempt, so a server that hangs or drops the connection mid-body fails this
 *   attempt (retryable for idempotent methods) instead of failing later in the caller's parser.
 * Every timer and listener is released in `finally`: nothing keeps a finished script alive.
 */
import {
  AltegioError,
  ConnectionError,
  InvalidArgumentError,
  TimeoutError,
  type ErrorContext,
} from "./errors.js";
import { isIdempotent } from "./operation.js";
import type { Plugin, RequestContext, Send } from "./pipeline.js";
import { onAbort } from "./abort-listener.js";
import { BufferedResponse, readAllBytes } from "./buffered-response.js";
import { abortReason, errorContext } from "./rate-limit.js";

export interface TimeoutOptions {
  /** Ms for one attempt (until the whole body is read); default 30,000. 0 or Infinity: none. */
  timeout?: number;
  /** Ms for the whole call, rate-limit waits and retries included; default none. */
  totalTimeout?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface AttemptSignalOptions {
  /**
   * How the attempt's signal reaches fetch. `request` (default): the plugin passes
   * `new Request(request, { signal })`, which works with any terminal. `context`: it sets
   * `ctx.attemptSignal` and passes the request as is; only for a terminal that hands
   * `ctx.attemptSignal` to fetch (one Request construction fewer per attempt).
   */
  signalVia?: "request" | "context";
}

/** Longer delays overflow setTimeout (it fires after 1 ms); treated as "no timeout". */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function totalTimeoutPlugin(defaults: TimeoutOptions = {}): Plugin {
  checkTimeout("totalTimeout", defaults.totalTimeout);
  return (next) => async (request, ctx) => {
    const totalMs = checkTimeout("totalTimeout", ctx.options.totalTimeout ?? defaults.totalTimeout);
    const parent = ctx.signal ?? ctx.options.signal;
    if (parent?.aborted) throw abortReason(parent, errorContext(ctx, request));
    if (totalMs === undefined) {
      if (!parent) return next(request, ctx);
      return withSignal(parent, next, request, ctx);
    }

    const context = errorContext(ctx, request);
    const controller = new AbortController();
    const unlisten =
      parent && onAbort(parent, () => controller.abort(abortReason(parent, context)));
    const timer =
      totalMs === undefined
        ? undefined
        : setTimeout(() => {
            const message = `The call took longer than its total timeout of ${totalMs} ms (waits and retries included).`;
            // Firing between attempts: any earlier write attempt was provably not applied (it was
            // only retried for that reason). Firing during an attempt, the attempt plugin upgrades
            // this to `mayHaveBeenApplied: true`.
            controller.abort(
              new TimeoutError(message, {
                ...context,
                timeoutMs: totalMs,
                mayHaveBeenApplied: false,
              }),
            );
          }, totalMs);
    ctx.signal = controller.signal;
    try {
      return await next(request, ctx);
    } catch (error) {
      if (controller.signal.aborted && !(error instanceof AltegioError)) {
        throw controller.signal.reason;
      }
      throw error;
    } finally {
      clearTimeout(timer);
      unlisten?.();
      ctx.signal = parent;
    }
  };
}

/**
 * Without a total timeout, the caller's signal serves as `ctx.signal` as is: every layer that
 * waits on it turns its reason into an SDK error (`abortReason`), so no signal of our own is
 * needed (each AbortSignal costs several µs in Node).
 */
async function withSignal(
  signal: AbortSignal,
  next: Send,
  request: Request,
  ctx: RequestContext,
): Promise<Response> {
  const saved = ctx.signal;
  ctx.signal = signal;
  try {
    return await next(request, ctx);
  } catch (error) {
    if (signal.aborted && !(error instanceof AltegioError)) {
      throw abortReason(signal, errorContext(ctx, request));
    }
    throw error;
  } finally {
    ctx.signal = saved;
  }
}

export function attemptTimeoutPlugin(
  defaults: TimeoutOptions = {},
  { signalVia = "request" }: AttemptSignalOptions = {},
): Plugin {
  checkTimeout("timeout", defaults.timeout);
  return (next) => async (request, ctx) => {
    const timeoutMs = checkTimeout(
      "timeout",
      ctx.options.timeout ?? defaults.timeout ?? DEFAULT_TIMEOUT_MS,
    );
    const parent = ctx.signal;
    const context = errorContext(ctx, request);
    if (parent?.aborted) throw abortReason(parent, context);

    const controller = new AbortController();
    // Created only when the timer fires: an Error captures a stack, too costly for every call.
    let attemptTimeout: TimeoutError | undefined;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            attemptTimeout = new TimeoutError(
              `No complete answer within the attempt timeout of ${timeoutMs} ms` +
                (isIdempotent(request.method) ? "." : "; the write may have been applied."),
              { ...context, timeoutMs, mayHaveBeenApplied: true },
            );
            controller.abort(attemptTimeout);
          }, timeoutMs);
    const unlisten =
      parent && onAbort(parent, () => controller.abort(abortReason(parent, context)));
    try {
      let response: Response;
      try {
        if (signalVia === "context") {
          ctx.attemptSignal = controller.signal;
          response = await next(request, ctx);
        } else {
          response = await next(new Request(request, { signal: controller.signal }), ctx);
        }
      } catch (error) {
        throw attemptError(error, controller.signal, attemptTimeout, request, context);
      }
      return await buffered(response, controller.signal, attemptTimeout, request, context);
    } finally {
      clearTimeout(timer);
      unlisten?.();
      if (ctx.attemptSignal === controller.signal) ctx.attemptSignal = undefined;
    }
  };
}

/** `response` with its body fully read within the attempt's signal. */
async function buffered(
  response: Response,
  signal: AbortSignal,
  attemptTimeout: TimeoutError | undefined,
  request: Request,
  context: ErrorContext,
): Promise<Response> {
  if (response.body === null) return response;
  let bytes: Uint8Array;
  try {
    bytes = await readAllBytes(response, signal);
  } catch (error) {
    if (signal.aborted) throw attemptError(error, signal, attemptTimeout, request, context);
    throw new ConnectionError(
      "The connection broke while the response body was being read" +
        (isIdempotent(request.method)
          ? "."
          : "; the request reached the server and may have been applied."),
      { ...context, mayHaveBeenApplied: true },
      { cause: error },
    );
  }
  const copy = new BufferedResponse(bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

/**
 * The error an attempt ends with. An abort becomes its reason (always an SDK error); a total
 * timeout that fires while a write is in flight says the write may have been applied.
 */
function attemptError(
  error: unknown,
  signal: AbortSignal,
  attemptTimeout: TimeoutError | undefined,
  request: Request,
  context: ErrorContext,
): unknown {
  if (!signal.aborted) return error;
  const reason: unknown = signal.reason;
  if (reason === attemptTimeout) return reason;
  if (reason instanceof TimeoutError && !reason.mayHaveBeenApplied) {
    return new TimeoutError(
      isIdempotent(request.method)
        ? reason.message
        : `${reason.message} The write was in flight and may have been applied.`,
      { ...context, timeoutMs: reason.timeoutMs, mayHaveBeenApplied: true },
    );
  }
  return reason instanceof AltegioError ? reason : error;
}

/** Validates a timeout option; returns `undefined` for "no timeout" (undefined, 0, Infinity). */
export function checkTimeout(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new InvalidArgumentError(
      name,
      `${name} must be a number of ms >= 0; got ${String(value)}.`,
    );
  }
  if (value === 0 || value > MAX_TIMER_MS) return undefined;
  return value;
}
