/**
 * Retries with exponential backoff and jitter, honouring `Retry-After`.
 *
 * What is retried (the one rule that matters: a write is never silently sent twice):
 * - GET, HEAD, PUT, DELETE, OPTIONS: network errors, attempt timeouts, 429 and 5xx (except 501).
 * - POST, PATCH: only a 429 (the API refused it before doing anything) or a connection error that
 *   proves the request never reached the server (`mayHaveBeenApplied === false`, e.g. refused).
 * Never retried: the caller's abort, the total timeout, 4xx other than 429, programming errors.
 * When retries run out the last Response is returned (the envelope layer turns it into a typed
 * error) or the last error is rethrown.
 */
import { MAX_TIMER_MS, onAbort } from "../core/abort.js";
import {
  abortReason,
  ConnectionError,
  InvalidArgumentError,
  TimeoutError,
  type ErrorContext,
} from "../core/errors.js";
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

export const DEFAULT_RETRY = Object.freeze({ maxRetries: 3, baseDelayMs: 500, maxDelayMs: 60_000 });

/** What one attempt ended with. */
export type AttemptOutcome =
  | { readonly response: Response; readonly error?: undefined }
  | { readonly error: unknown; readonly response?: undefined };

/**
 * Backoff before retry number `attempt + 1` (attempt 0 is the first try): `base * 2^attempt`,
 * capped at `maxDelayMs`, with "equal jitter" (half fixed, half random) so concurrent clients
 * spread out but never retry at once. `random` returns [0, 1).
 */
export function backoffDelay(
  attempt: number,
  options: RetryOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The retry rule, without any waiting: may this outcome of `method` be sent again? */
export function shouldRetry(
  method: string,
  outcome: AttemptOutcome,
  idempotent = isIdempotent(method),
): boolean {
  if (outcome.response) {
    const status = outcome.response.status;
    if (status === 429) return true;
    return idempotent && status >= 500 && status <= 599 && status !== 501;
  }
  const error = outcome.error;
  if (error instanceof ConnectionError) return idempotent || !error.mayHaveBeenApplied;
  if (error instanceof TimeoutError) return idempotent || !error.mayHaveBeenApplied;
  return false;
}

/**
 * How long to wait before retrying `response`; `undefined` means do not retry because the server
 * asked for a longer wait than `maxDelayMs`.
 */
export function retryDelay(
  attempt: number,
  response: Response | undefined,
  options: RetryOptions,
  now: number,
  random: () => number = Math.random,
): number | undefined {
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  let delay = backoffDelay(attempt, options, random);
  if (response && (response.status === 429 || response.status === 503)) {
    const asked = parseRetryAfter(response.headers.get("retry-after"), now);
    if (asked !== undefined) {
      if (asked > max) return undefined;
      delay = asked;
    } else if (response.status === 429) {
      delay = Math.max(delay, Math.min(SHORTEST_WINDOW_MS, max));
    }
  }
  return Math.min(delay, max);
}

export function retryPlugin(options: RetryOptions = {}): Plugin {
  const defaults = {
    maxRetries: checkRetries(options.maxRetries ?? DEFAULT_RETRY.maxRetries),
    baseDelayMs: checkNonNegative("baseDelayMs", options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: checkNonNegative("maxDelayMs", options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
  };
  return (next) => async (request, ctx) => {
    const maxRetries =
      ctx.options.maxRetries === undefined
        ? defaults.maxRetries
        : checkRetries(ctx.options.maxRetries);
    for (let retries = 0; ; retries += 1) {
      let outcome: AttemptOutcome;
      try {
        // The body is kept sendable (cloned, for a raw call) only while a retry may follow.
        const sent = retries < maxRetries || ctx.rebuildBody ? nextAttempt(request, ctx) : request;
        outcome = { response: await next(sent, ctx) };
      } catch (error) {
        outcome = { error };
      }
      const aborted = ctx.signal?.aborted === true;
      if (
        aborted ||
        retries >= maxRetries ||
        !shouldRetry(request.method, outcome, contextOf(ctx, request).idempotent)
      ) {
        return finish(outcome);
      }
      const delay = retryDelay(retries, outcome.response, defaults, Date.now());
      if (delay === undefined) return finish(outcome);
      await sleep(delay, ctx.signal, () => contextOf(ctx, request));
      ctx.attempt += 1;
    }
  };
}

function finish(outcome: AttemptOutcome): Response {
  if (outcome.response) return outcome.response;
  throw outcome.error;
}

/** Waits `ms`, rejecting early with the signal's reason; the timer never outlives the wait. */
export function sleep(
  ms: number,
  signal: AbortSignal | undefined,
  context: () => ErrorContext = () => ({}),
): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal, context()));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        unlisten?.();
        resolve();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    const unlisten =
      signal &&
      onAbort(signal, () => {
        clearTimeout(timer);
        reject(abortReason(signal, context()));
      });
  });
}

function checkNonNegative(name: string, value: number): number {
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new InvalidArgumentError(name, `${name} must be a number >= 0; got ${String(value)}.`);
  }
  return value;
}

function checkRetries(value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(
      "maxRetries",
      `maxRetries must be an integer >= 0; got ${String(value)}.`,
    );
  }
  return value;
}
