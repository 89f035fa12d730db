// Retries with backoff and `Retry-After` (policy: docs/reliability.md). A write is never silently
// sent twice. Out of retries: the last Response (the envelope makes it an error) or error.
import { checkNonNegative, MAX_TIMER_MS, untilAborted } from "../core/abort.js";
import { ConnectionError, TimeoutError, type ErrorContext } from "../core/errors.js";
import { isIdempotent } from "../core/operation.js";
import { contextOf, nextAttempt, type Plugin } from "../core/pipeline.js";
import { parseRetryAfter, SHORTEST_WINDOW_MS } from "../core/retry-after.js";

export interface RetryOptions {
  /** Retries after the first attempt; default 3. Per call: `CallOptions.maxRetries`. */
  maxRetries?: number;
  /** First backoff step in ms; default 500 (then 1 s, 2 s, 4 s... with jitter). */
  baseDelayMs?: number;
  /**
   * Longest single wait in ms; default 60,000. A `Retry-After` longer than this is not shortened:
   * the call stops waiting and the 429/503 is returned (RateLimitError carries `retryAfterMs`).
   */
  maxDelayMs?: number;
}

const DEFAULTS = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 60_000 };

type AttemptOutcome =
  { response: Response; error?: undefined } | { error: unknown; response?: undefined };

/**
 * Backoff before retry `attempt + 1`: `base * 2^attempt` capped at `maxDelayMs`, half fixed and
 * half random ("equal jitter"), so concurrent clients spread out but never retry at once.
 */
export function backoffDelay(
  attempt: number,
  { baseDelayMs = DEFAULTS.baseDelayMs, maxDelayMs = DEFAULTS.maxDelayMs }: RetryOptions = {},
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** May this outcome of `method` be sent again? Writes only when provably not applied. */
export function shouldRetry(
  method: string,
  { response, error }: AttemptOutcome,
  idempotent = isIdempotent(method),
): boolean {
  if (response) {
    const status = response.status;
    return status === 429 || (idempotent && status >= 500 && status <= 599 && status !== 501);
  }
  const transient = error instanceof ConnectionError || error instanceof TimeoutError;
  return transient && (idempotent || !error.mayHaveBeenApplied);
}

/** The wait before retrying; `undefined` when the server asks for longer than `maxDelayMs`. */
export function retryDelay(
  attempt: number,
  response: Response | undefined,
  options: RetryOptions,
  now: number,
  random: () => number = Math.random,
): number | undefined {
  const max = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const status = response?.status;
  if (status === 429 || status === 503) {
    const asked = parseRetryAfter(response!.headers.get("retry-after"), now);
    if (asked !== undefined) return asked > max ? undefined : asked;
  }
  const backoff = backoffDelay(attempt, options, random);
  // A 429 without `Retry-After` waits at least the API's shortest window.
  return Math.min(status === 429 ? Math.max(backoff, SHORTEST_WINDOW_MS) : backoff, max);
}

export function retryPlugin(options: RetryOptions = {}): Plugin {
  const defaults = {
    maxRetries: checkRetries(options.maxRetries ?? DEFAULTS.maxRetries),
    baseDelayMs: checkNonNegative("baseDelayMs", options.baseDelayMs ?? DEFAULTS.baseDelayMs),
    maxDelayMs: checkNonNegative("maxDelayMs", options.maxDelayMs ?? DEFAULTS.maxDelayMs),
  };
  return (next) => async (request, ctx) => {
    const maxRetries = checkRetries(ctx.options.maxRetries ?? defaults.maxRetries);
    for (let retries = 0; ; retries += 1) {
      let outcome: AttemptOutcome;
      try {
        // The body is kept sendable (cloned, for a raw call) only while a retry may follow.
        const sent = retries < maxRetries || ctx.rebuildBody ? nextAttempt(request, ctx) : request;
        outcome = { response: await next(sent, ctx) };
      } catch (error) {
        outcome = { error };
      }
      const delay =
        ctx.signal?.aborted !== true &&
        retries < maxRetries &&
        shouldRetry(request.method, outcome, contextOf(ctx, request).idempotent)
          ? retryDelay(retries, outcome.response, defaults, Date.now())
          : undefined;
      if (delay === undefined) {
        if (outcome.response) return outcome.response;
        throw outcome.error;
      }
      await sleep(delay, ctx.signal, contextOf(ctx, request));
      ctx.attempt += 1;
    }
  };
}

/** Waits `ms`, ended early by the signal; the timer never outlives the wait. */
async function sleep(ms: number, signal: AbortSignal | undefined, context: ErrorContext) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slept = new Promise((resolve) => (timer = setTimeout(resolve, Math.min(ms, MAX_TIMER_MS))));
  try {
    await untilAborted(slept, signal, context);
  } finally {
    clearTimeout(timer);
  }
}

function checkRetries(value: number): number {
  return checkNonNegative("maxRetries", value, { integer: true });
}
