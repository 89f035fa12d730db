// totalTimeoutPlugin (outermost) bounds the whole call, waits and retries included;
// attemptTimeoutPlugin (above fetch) bounds one attempt, body included, so a body that hangs or
// breaks fails the attempt (retryable), not the caller's parser. Aborts surface as SDK errors;
// every timer and listener is released when the call settles.
import { checkNonNegative, MAX_TIMER_MS, onAbort } from "../core/abort.js";
import { bufferedResponse, readChunks } from "../core/buffered-response.js";
import {
  abortReason,
  AltegioError,
  ConnectionError,
  isWrite,
  TimeoutError,
  writeMayHaveBeenApplied,
  type ErrorContext,
} from "../core/errors.js";
import { contextOf, type Plugin, type RequestContext, type Send } from "../core/pipeline.js";
import { redactCause } from "../core/secrets.js";

export interface TimeoutOptions {
  /** Ms for one attempt (until the whole body is read); default 30,000. 0 or Infinity: none. */
  timeout?: number;
  /** Ms for the whole call, rate-limit waits and retries included; default none. */
  totalTimeout?: number;
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
      // No signal of our own without a total timeout: each AbortSignal costs µs in Node.
      return parent ? withSignal(parent, next, request, ctx) : next(request, ctx);
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
  // Between attempts any earlier write was provably not applied (else it was not retried);
  // during one, the attempt plugin upgrades this to `mayHaveBeenApplied`.
  const timer = setTimeout(() => {
    const message = `The call took longer than its total timeout of ${totalMs} ms (waits and retries included).`;
    const init = { ...context, timeoutMs: totalMs, mayHaveBeenApplied: false };
    controller.abort(new TimeoutError(message, init));
  }, totalMs);
  const saved = ctx.signal;
  try {
    return await withSignal(controller.signal, next, request, ctx);
  } finally {
    clearTimeout(timer);
    unlisten?.();
    ctx.signal = saved;
  }
}

/** Makes `signal` the call's (every layer that waits on it) and its abort an SDK error. */
function withSignal(signal: AbortSignal, next: Send, request: Request, ctx: RequestContext) {
  ctx.signal = signal;
  // A reaction rather than an async frame: lighter for calls waiting in the limiter's queue.
  return next(request, ctx).catch((error: unknown) => {
    if (signal.aborted && !(error instanceof AltegioError)) {
      throw abortReason(signal, contextOf(ctx, request));
    }
    throw error;
  });
}

export function attemptTimeoutPlugin(
  defaults: TimeoutOptions = {},
  { redact }: { redact?: (text: string) => string } = {},
): Plugin {
  checkTimeout("timeout", defaults.timeout);
  return (next) => async (request, ctx) => {
    const timeoutMs = checkTimeout("timeout", ctx.options.timeout ?? defaults.timeout ?? 30_000);
    const parent = ctx.signal;
    if (parent?.aborted) throw abortReason(parent, contextOf(ctx, request));

    const controller = timeoutMs || parent ? new AbortController() : undefined; // µs in Node
    const signal = controller?.signal;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    // Also cancels the body being read, which a caller's fetch may not tie to the signal.
    const abort = (reason: unknown) => {
      controller?.abort(reason);
      reader?.cancel(reason).catch(() => undefined);
    };
    // The error is built only if the timer fires: an Error's stack is too costly for every call.
    const timer =
      timeoutMs &&
      setTimeout(() => {
        const text = `No complete answer within the attempt timeout of ${timeoutMs} ms.`;
        const [message, init] = mayHaveReached(text, contextOf(ctx, request));
        abort(new TimeoutError(message, { ...init, timeoutMs }));
      }, timeoutMs);
    const unlisten =
      parent && onAbort(parent, () => abort(abortReason(parent, contextOf(ctx, request))));
    ctx.attemptSignal = signal; // the transport hands it to fetch: no Request built to carry it
    try {
      const response = await next(request, ctx);
      if (response.body === null) return response;
      reader = response.body.getReader();
      let bytes: Uint8Array;
      try {
        bytes = await readChunks(reader, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        const text = "The connection broke while the response body was being read.";
        const [message, init] = mayHaveReached(text, contextOf(ctx, request));
        throw new ConnectionError(message, init, {
          cause: redact ? redactCause(error, redact) : error,
        });
      }
      const { status, statusText, headers, url } = response;
      return bufferedResponse(bytes, { status, statusText, headers, url });
    } catch (error) {
      throw attemptError(error, signal, contextOf(ctx, request));
    } finally {
      clearTimeout(timer);
      unlisten?.();
      if (ctx.attemptSignal === signal) ctx.attemptSignal = undefined;
    }
  };
}

/** The message and init of an error that may have reached the server: for a write, it says so. */
function mayHaveReached(message: string, context: ErrorContext) {
  const init = { ...context, mayHaveBeenApplied: isWrite(context) };
  return [writeMayHaveBeenApplied(message, context), init] as const;
}

/** An abort becomes its reason; a total timeout that fires while a write is in flight says so. */
function attemptError(error: unknown, signal: AbortSignal | undefined, context: ErrorContext) {
  if (!signal?.aborted) return error;
  const reason: unknown = signal.reason;
  if (reason instanceof TimeoutError && !reason.mayHaveBeenApplied && isWrite(context)) {
    const [message, init] = mayHaveReached(reason.message, context);
    return new TimeoutError(message, { ...init, timeoutMs: reason.timeoutMs });
  }
  return reason instanceof AltegioError ? reason : error;
}

/** Validates a timeout option; `undefined` means none (undefined, 0, Infinity). */
function checkTimeout(name: string, value: number | undefined): number | undefined {
  if (value === undefined || checkNonNegative(name, value) === 0) return undefined;
  return value > MAX_TIMER_MS ? undefined : value;
}
