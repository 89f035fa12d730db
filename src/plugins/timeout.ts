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
import { MAX_TIMER_MS, onAbort } from "../core/abort.js";
import { bufferedResponse, readChunks } from "../core/buffered-response.js";
import {
  abortReason,
  AltegioError,
  ConnectionError,
  InvalidArgumentError,
  isWrite,
  TimeoutError,
  writeMayHaveBeenApplied,
} from "../core/errors.js";
import { contextOf, type Plugin, type RequestContext, type Send } from "../core/pipeline.js";
import { redactCause } from "../core/secrets.js";

export interface TimeoutOptions {
  /** Ms for one attempt (until the whole body is read); default 30,000. 0 or Infinity: none. */
  timeout?: number;
  /** Ms for the whole call, rate-limit waits and retries included; default none. */
  totalTimeout?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface AttemptOptions {
  /** Scrubs known secrets from a foreign error kept as a cause (a broken stream may quote the request). */
  redact?: (text: string) => string;
}

export function totalTimeoutPlugin(defaults: TimeoutOptions = {}): Plugin {
  checkTimeout("totalTimeout", defaults.totalTimeout);
  // Not async: most calls have neither a signal nor a total timeout and go straight through.
  return (next) => (request, ctx) => {
    try {
      const totalMs = checkTimeout(
        "totalTimeout",
        ctx.options.totalTimeout ?? defaults.totalTimeout,
      );
      const parent = ctx.signal ?? ctx.options.signal;
      if (parent?.aborted) throw abortReason(parent, contextOf(ctx, request));
      if (totalMs !== undefined) return withTotalTimeout(totalMs, parent, next, request, ctx);
      if (parent) return withSignal(parent, next, request, ctx);
      return next(request, ctx);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

async function withTotalTimeout(
  totalMs: number,
  parent: AbortSignal | undefined,
  next: Send,
  request: Request,
  ctx: RequestContext,
): Promise<Response> {
  const context = contextOf(ctx, request);
  const controller = new AbortController();
  const unlisten = parent && onAbort(parent, () => controller.abort(abortReason(parent, context)));
  const timer = setTimeout(() => {
    const message = `The call took longer than its total timeout of ${totalMs} ms (waits and retries included).`;
    // Firing between attempts: any earlier write attempt was provably not applied (it was only
    // retried for that reason). Firing during an attempt, the attempt plugin upgrades this to
    // `mayHaveBeenApplied: true`.
    controller.abort(
      new TimeoutError(message, { ...context, timeoutMs: totalMs, mayHaveBeenApplied: false }),
    );
  }, totalMs);
  const saved = ctx.signal;
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
    ctx.signal = saved;
  }
}

/**
 * Without a total timeout, the caller's signal serves as `ctx.signal` as is: every layer that
 * waits on it turns its reason into an SDK error (`abortReason`), so no signal of our own is
 * needed (each AbortSignal costs several µs in Node).
 */
function withSignal(
  signal: AbortSignal,
  next: Send,
  request: Request,
  ctx: RequestContext,
): Promise<Response> {
  // A reaction rather than an async frame: lighter for calls waiting in the limiter's queue.
  ctx.signal = signal;
  return next(request, ctx).catch((error: unknown) => {
    if (signal.aborted && !(error instanceof AltegioError)) {
      throw abortReason(signal, contextOf(ctx, request));
    }
    throw error;
  });
}

export function attemptTimeoutPlugin(
  defaults: TimeoutOptions = {},
  { redact }: AttemptOptions = {},
): Plugin {
  checkTimeout("timeout", defaults.timeout);
  return (next) => async (request, ctx) => {
    const timeoutMs = checkTimeout(
      "timeout",
      ctx.options.timeout ?? defaults.timeout ?? DEFAULT_TIMEOUT_MS,
    );
    const parent = ctx.signal;
    if (parent?.aborted) throw abortReason(parent, contextOf(ctx, request));

    const controller = new AbortController();
    const signal = controller.signal;
    // Created only when the timer fires: an Error captures a stack, too costly for every call.
    let attemptTimeout: TimeoutError | undefined;
    // While the body is read: aborting cancels it too, for bodies not tied to the signal (a
    // caller's fetch). Cheaper than an abort listener per attempt.
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            const context = contextOf(ctx, request);
            attemptTimeout = new TimeoutError(
              writeMayHaveBeenApplied(
                `No complete answer within the attempt timeout of ${timeoutMs} ms.`,
                context,
              ),
              { ...context, timeoutMs, mayHaveBeenApplied: isWrite(context) },
            );
            abortAttempt(controller, reader, attemptTimeout);
          }, timeoutMs);
    const unlisten =
      parent &&
      onAbort(parent, () =>
        abortAttempt(controller, reader, abortReason(parent, contextOf(ctx, request))),
      );
    try {
      let response: Response;
      try {
        // The transport hands it to fetch: no Request built per attempt to carry it.
        ctx.attemptSignal = signal;
        response = await next(request, ctx);
      } catch (error) {
        throw attemptError(error, signal, attemptTimeout, request, ctx);
      }
      const body = response.body;
      if (body === null) return response;
      reader = body.getReader();
      let bytes: Uint8Array;
      try {
        bytes = await readChunks(reader, signal);
      } catch (error) {
        if (signal.aborted) throw attemptError(error, signal, attemptTimeout, request, ctx);
        const context = contextOf(ctx, request);
        throw new ConnectionError(
          writeMayHaveBeenApplied(
            "The connection broke while the response body was being read.",
            context,
          ),
          { ...context, mayHaveBeenApplied: isWrite(context) },
          { cause: redact ? redactCause(error, redact) : error },
        );
      }
      return bufferedResponse(bytes, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        url: response.url,
      });
    } finally {
      clearTimeout(timer);
      unlisten?.();
      if (ctx.attemptSignal === signal) ctx.attemptSignal = undefined;
    }
  };
}

/** Ends the attempt: its fetch, through the signal, and the body being read, if any. */
function abortAttempt(
  controller: AbortController,
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  reason: unknown,
): void {
  controller.abort(reason);
  reader?.cancel(reason).catch(ignore);
}

function ignore(): void {}

/**
 * The error an attempt ends with. An abort becomes its reason (always an SDK error); a total
 * timeout that fires while a write is in flight says the write may have been applied.
 */
function attemptError(
  error: unknown,
  signal: AbortSignal,
  attemptTimeout: TimeoutError | undefined,
  request: Request,
  ctx: RequestContext,
): unknown {
  if (!signal.aborted) return error;
  const reason: unknown = signal.reason;
  if (reason === attemptTimeout) return reason;
  const context = contextOf(ctx, request);
  if (reason instanceof TimeoutError && !reason.mayHaveBeenApplied && isWrite(context)) {
    return new TimeoutError(writeMayHaveBeenApplied(reason.message, context), {
      ...context,
      timeoutMs: reason.timeoutMs,
      mayHaveBeenApplied: true,
    });
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
