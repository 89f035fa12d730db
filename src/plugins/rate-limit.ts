/**
 * Client-side rate limiting: the API allows 5 requests per second and 200 per minute per IP, in
 * sliding windows. A slot counts in every window from its grant until `done()` (the server sees the
 * request somewhere in between), then at that time. Each waiter sleeps on a timer of its own, armed
 * in its own context, and is woken through its own promise: workerd drops a timer armed during one
 * request once that request has answered, so a timer shared by the queue hung the others.
 */
import { onAbort } from "../core/abort.js";
import {
  abortReason,
  InvalidArgumentError,
  QueueFullError,
  type ErrorContext,
} from "../core/errors.js";
import { contextOf, NotSent, type Plugin } from "../core/pipeline.js";
import { parseRetryAfter, SHORTEST_WINDOW_MS } from "../core/retry-after.js";

export interface RateLimiter {
  /**
   * Resolves when the caller may send one request, counted from now. Rejects with
   * `QueueFullError` when the queue is full (nothing is sent), or with the signal's reason
   * (`AbortedError` unless it is an `AltegioError`, e.g. a total-timeout `TimeoutError`) when the
   * signal fires while waiting. `context` only labels those errors.
   */
  acquire(signal?: AbortSignal, context?: ErrorContext): Promise<void>;
  /**
   * Optional, preferred by the client: like `acquire`, but the slot counts as taken until `done()`
   * and then from that time, so no network delay squeezes more than the limit into a window.
   */
  acquireSlot?(signal?: AbortSignal, context?: ErrorContext): Promise<RateLimitSlot>;
  /** Optional: the server answered 429; hold every waiting caller for `ms`. */
  pause?(ms: number): void;
}

export interface RateLimitSlot {
  /** The request is over (answered or failed); call once. `false`: it was never sent. */
  done(sent?: boolean): void;
}

export interface RateLimitOptions {
  /** Requests per sliding second; default 5. `Infinity` turns this window off. */
  perSecond?: number;
  /** Requests per sliding minute; default 200. `Infinity` turns this window off. */
  perMinute?: number;
  /** Most callers allowed to wait (default 10,000, about 65 MB); one more gets `QueueFullError`. */
  maxQueue?: number;
  /** Added to each window, in ms, against clock granularity; default 50. */
  safetyMarginMs?: number;
  /** Monotonic clock in ms; for tests. Default `performance.now`. */
  now?: () => number;
}

/** `wake` ends its current sleep; `dropped`: taken for gone by another waiter (see OVERDUE_MS). */
type Waiter = { wake?: () => void; due: number; dropped: boolean };

/** How late a first waiter's timer may be before the next one takes it for gone. */
const OVERDUE_MS = 1_000;

/** The built-in limiter's synchronous grant (nobody waits, a slot is free now), for the plugin. */
const TRY_SLOT = Symbol("tryAcquireSlot");
type BuiltInLimiter = RateLimiter & { [TRY_SLOT](): RateLimitSlot | undefined };

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const margin = options.safetyMarginMs ?? 50;
  check("safetyMarginMs", margin, Number.isFinite(margin) && margin >= 0, "a number >= 0");
  const maxQueue = options.maxQueue ?? 10_000;
  check("maxQueue", maxQueue, Number.isInteger(maxQueue) && maxQueue >= 0, "an integer >= 0");
  const windows: { limit: number; lengthMs: number }[] = [];
  for (const [name, fallback, ms] of [
    ["perSecond", 5, 1_000],
    ["perMinute", 200, 60_000],
  ] as const) {
    const limit = options[name] ?? fallback;
    if (limit === Infinity) continue;
    check(name, limit, Number.isInteger(limit) && limit >= 1, "an integer >= 1");
    windows.push({ limit, lengthMs: ms + margin });
  }
  const now = options.now ?? (() => performance.now());
  const longest = Math.max(0, ...windows.map((w) => w.lengthMs));
  const mostKept = Math.max(0, ...windows.map((w) => w.limit));
  // When slots were counted, oldest first from `start` (a deque over an array, compacted now and
  // then); only the last `mostKept` within the longest window can matter.
  let times: number[] = [];
  let start = 0;
  let inFlight = 0;
  let pausedUntil = -Infinity;
  const queue: Waiter[] = [];

  function record(t: number): void {
    times.push(t);
    while (
      start < times.length &&
      (times.length - start > mostKept || times[start]! <= t - longest)
    ) {
      start++;
    }
    if (start > 1024 && start * 2 > times.length) {
      times = times.slice(start);
      start = 0;
    }
  }

  /** Next free slot; slots in flight count in every window (`Infinity`: they fill it). */
  function freeAt(): number {
    let at = pausedUntil;
    for (const { limit, lengthMs } of windows) {
      const room = limit - inFlight;
      if (room <= 0) return Infinity;
      if (times.length - start >= room) at = Math.max(at, times[times.length - room]! + lengthMs);
    }
    return at;
  }

  /** The first waiter looks again, in its own context. */
  const wakeHead = () => queue[0]?.wake?.();

  function grant(): RateLimitSlot {
    inFlight++;
    let open = true;
    return {
      done(sent = true) {
        if (!open) return;
        open = false;
        inFlight--;
        if (sent) record(now());
        wakeHead();
      },
    };
  }

  const noSlot: RateLimitSlot = { done: () => undefined };
  const trySlot = () => {
    if (windows.length === 0) return noSlot;
    return queue.length === 0 && freeAt() <= now() ? grant() : undefined;
  };

  async function waitInLine(signal: AbortSignal | undefined, context: ErrorContext) {
    if (queue.length >= maxQueue) throw new QueueFullError(maxQueue, context);
    const waiter: Waiter = { due: Infinity, dropped: false };
    queue.push(waiter);
    const unlisten = signal && onAbort(signal, () => waiter.wake?.());
    try {
      for (;;) {
        if (signal?.aborted) throw abortReason(signal, context);
        const t = now();
        if (waiter.dropped) {
          waiter.dropped = false; // it was not gone after all: first again
          queue.unshift(waiter);
        }
        const head = queue[0]!;
        if (head !== waiter && head.due < t - OVERDUE_MS) {
          // Its timer never fired: its context is gone (workerd cancelled the request).
          queue.shift();
          head.dropped = true;
          continue;
        }
        let ms = longest; // behind someone: look again after at most one window
        if (head === waiter) {
          const at = freeAt();
          if (at <= t) return grant();
          if (at !== Infinity) ms = at - t; // Infinity: a done() will wake it
        }
        // Its own timer, armed here in its own context; a wake-up resolves the same promise.
        waiter.due = t + ms;
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          waiter.wake = resolve;
          timer = setTimeout(resolve, Math.ceil(ms));
        });
        waiter.wake = undefined;
        clearTimeout(timer);
      }
    } finally {
      unlisten?.();
      const index = queue.indexOf(waiter);
      if (index >= 0) queue.splice(index, 1);
      if (index === 0) wakeHead();
    }
  }

  function acquireSlot(signal?: AbortSignal, context: ErrorContext = {}) {
    if (signal?.aborted) return Promise.reject(abortReason(signal, context));
    const slot = trySlot();
    return slot ? Promise.resolve(slot) : waitInLine(signal, context);
  }

  const limiter: BuiltInLimiter = {
    [TRY_SLOT]: trySlot,
    acquireSlot,
    acquire: (signal, context) => acquireSlot(signal, context).then((slot) => slot.done()),
    pause(ms) {
      if (!(ms > 0)) return;
      pausedUntil = Math.max(pausedUntil, now() + ms);
      wakeHead();
    },
  };
  return limiter;
}

function check(name: string, value: number, valid: boolean, rule: string): void {
  if (!valid) throw new InvalidArgumentError(name, `${name} must be ${rule}; got ${value}.`);
}

/** Under a global symbol, so two copies of the SDK in one process (ESM and CommonJS) share them. */
const SHARED = Symbol.for("altegio-sdk.sharedRateLimiters");
const sharedLimiters = () =>
  ((globalThis as Record<symbol, Map<string, RateLimiter> | undefined>)[SHARED] ??= new Map());

/**
 * The limiter that every client of this process calling `url`'s origin (scheme, host, port) uses
 * when created without `rateLimit`: the API's budget is per IP address, not per client. Made on
 * first use, with the defaults; pass it as `rateLimit` to share it with another origin (a proxy).
 */
export function sharedRateLimiter(url: string): RateLimiter {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    const got = JSON.stringify(url);
    throw new InvalidArgumentError("url", `sharedRateLimiter needs an absolute URL; got ${got}.`);
  }
  const limiters = sharedLimiters();
  let limiter = limiters.get(origin);
  if (!limiter) limiters.set(origin, (limiter = createRateLimiter()));
  return limiter;
}

/** Forgets the shared limiters (tests): later clients get new ones; earlier ones keep theirs. */
export function resetSharedRateLimiters(): void {
  sharedLimiters().clear();
}

/**
 * Holds a slot for each attempt until it is over (`undefined`: limiting off). On a 429 it pauses
 * the whole limiter for `Retry-After` (or 1 s), so other queued calls hold too.
 */
export function rateLimitPlugin(limiter: RateLimiter | undefined): Plugin {
  if (!limiter) return (next) => next;
  const trySlot = (limiter as Partial<BuiltInLimiter>)[TRY_SLOT];
  return (next) => async (request, ctx) => {
    let slot = ctx.signal?.aborted ? undefined : trySlot?.();
    if (!slot) {
      const context = contextOf(ctx, request);
      if (limiter.acquireSlot) slot = await limiter.acquireSlot(ctx.signal, context);
      else await limiter.acquire(ctx.signal, context);
    }
    let response: Response;
    try {
      response = await next(request, ctx);
    } catch (error) {
      slot?.done(!(error instanceof NotSent));
      throw error;
    }
    slot?.done();
    if (response.status === 429 && limiter.pause) {
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"), Date.now());
      limiter.pause(Math.min(retryAfter ?? SHORTEST_WINDOW_MS, 60_000));
    }
    return response;
  };
}
