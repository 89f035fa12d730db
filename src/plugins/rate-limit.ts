/**
 * Client-side rate limiting: the API allows 5 requests per second and 200 per minute per IP.
 *
 * The default limiter keeps a log of the times it counted the last slots and grants a new one only
 * when, for each window, the N-th most recent is at least one window (plus a small safety margin)
 * old. That is a sliding window: no interval of 1 s (or 60 s), wherever it starts, ever holds more
 * than the limit. Through `acquireSlot` (what the SDK's plugin uses) a slot counts from its grant
 * until the answer, then at the time of the answer: the server sees the request somewhere in
 * between, so no network or event-loop delay can crowd one of the server's windows either.
 *
 * Callers wait in FIFO order in a bounded queue, and each sleeps on a timer of its own, armed in
 * its own context: the first until the next slot is free, the others at most one longest window
 * (then they look again). When the first is granted or aborts, or a slot is given back, the next
 * in line is woken through its own promise, whose continuation runs where it waits. Timers exist
 * only while someone waits (they keep a waiting script alive, and no longer), and none belongs to
 * another caller. That matters on workerd (Cloudflare Workers): it drops a timer set during one
 * request once that request has answered, and cancels as hung a request that waits with no timer
 * or I/O of its own; one timer shared by the queue, armed by whichever request came first, hung
 * the others.
 *
 * `RateLimiter` is an interface so a limiter shared by many processes (Redis...) can be plugged in.
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
   * Resolves when the caller may send one request. Rejects with `QueueFullError` when the queue is
   * full (nothing is sent), or with the signal's reason (`AbortedError` unless the reason is already
   * an `AltegioError`, e.g. a total-timeout `TimeoutError`) when the signal fires while waiting.
   * `context` only labels those errors. The slot counts from the moment it is granted.
   */
  acquire(signal?: AbortSignal, context?: ErrorContext): Promise<void>;
  /**
   * Optional, preferred by the rate-limit plugin: like `acquire`, but the slot counts as taken
   * until `done()` and then from the time `done()` was called. The server sees a request at some
   * moment between the grant and the answer; counting it at the answer means network or event-loop
   * delays can never squeeze more than the limit into one of the server's windows.
   */
  acquireSlot?(signal?: AbortSignal, context?: ErrorContext): Promise<RateLimitSlot>;
  /**
   * Optional: the server answered 429; hold every waiting caller for `ms`. The built-in limiter
   * implements it; the rate-limit plugin calls it when present.
   */
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
  /**
   * Most callers allowed to wait; default 10,000 (50 minutes of work at 200/min; about 65 MB).
   * One more is refused at once with `QueueFullError`.
   */
  maxQueue?: number;
  /**
   * Added to each window, in ms, against clock granularity and the server's own boundary rule;
   * default 50 (costs 0.08% of the per-minute throughput).
   */
  safetyMarginMs?: number;
  /** Monotonic clock in ms; for tests. Default `performance.now`. */
  now?: () => number;
}

export const DEFAULT_RATE_LIMIT = Object.freeze({
  perSecond: 5,
  perMinute: 200,
  maxQueue: 10_000,
  safetyMarginMs: 50,
});

interface Waiter {
  /** Ends the waiter's current sleep (called from any context); set while it sleeps. */
  wake: (() => void) | undefined;
  /** When its own timer is due. */
  due: number;
  /** Taken for gone by another waiter; if it does look again after all, it is first again. */
  dropped: boolean;
}

/** How late a first waiter's timer may be before the next one takes it for gone (ms). */
const OVERDUE_MS = 1_000;

interface Window {
  limit: number;
  lengthMs: number;
}

/**
 * When the next slot is free: for each window, the slots in flight count as inside it, and of the
 * recorded times (oldest first) the `limit - inFlight`-th most recent must have left it.
 * `Infinity` when slots in flight alone fill a window (a `done()` will free one).
 */
function nextFreeAt(
  windows: readonly Window[],
  times: readonly number[],
  start: number,
  inFlight: number,
  pausedUntil: number,
): number {
  let at = pausedUntil;
  const recorded = times.length - start;
  for (const w of windows) {
    const room = w.limit - inFlight;
    if (room <= 0) return Infinity;
    if (recorded >= room) at = Math.max(at, times[times.length - room]! + w.lengthMs);
  }
  return at;
}

/**
 * The built-in limiter's synchronous grant: a slot when nobody waits and one is free now, as the
 * fast path of `acquireSlot` would give, without its promises. Not part of `RateLimiter`.
 */
const TRY_SLOT = Symbol("tryAcquireSlot");

interface BuiltInLimiter extends RateLimiter {
  [TRY_SLOT](): RateLimitSlot | undefined;
}

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const perSecond = checkLimit("perSecond", options.perSecond ?? DEFAULT_RATE_LIMIT.perSecond);
  const perMinute = checkLimit("perMinute", options.perMinute ?? DEFAULT_RATE_LIMIT.perMinute);
  const maxQueue = checkCount("maxQueue", options.maxQueue ?? DEFAULT_RATE_LIMIT.maxQueue);
  const margin = options.safetyMarginMs ?? DEFAULT_RATE_LIMIT.safetyMarginMs;
  if (!Number.isFinite(margin) || margin < 0) {
    throw new InvalidArgumentError("safetyMarginMs", "safetyMarginMs must be a number >= 0.");
  }
  const now = options.now ?? (() => performance.now());
  const windows: Window[] = [];
  if (perSecond !== Infinity) windows.push({ limit: perSecond, lengthMs: 1_000 + margin });
  if (perMinute !== Infinity) windows.push({ limit: perMinute, lengthMs: 60_000 + margin });
  const longest = Math.max(0, ...windows.map((w) => w.lengthMs));
  const mostKept = Math.max(0, ...windows.map((w) => w.limit));
  // Times at which slots were counted (granted, or done), oldest first, from `start` on: a deque
  // over an array, compacted now and then, so dropping old times costs O(1).
  let times: number[] = [];
  let start = 0;
  let inFlight = 0;
  const queue: Waiter[] = [];
  let pausedUntil = -Infinity;

  function record(t: number): void {
    times.push(t);
    // Only the last `mostKept` times within the longest window can matter.
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

  const freeAt = () => nextFreeAt(windows, times, start, inFlight, pausedUntil);

  function take(t: number, slot: boolean): void {
    if (slot) inFlight++;
    else record(t);
  }

  /**
   * Tells the first waiter to look again; it re-arms its own timer if it still has to wait. A
   * first waiter whose own timer is long overdue is taken for gone by the next one that looks.
   */
  const wakeHead = () => queue[0]?.wake?.();

  function makeSlot(): RateLimitSlot {
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

  /** Until `ms` (on its own timer), a wake-up, or the signal's abort (rejects). */
  function sleep(
    waiter: Waiter,
    ms: number,
    signal: AbortSignal | undefined,
    context: ErrorContext,
  ) {
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const end = () => {
        waiter.wake = undefined;
        if (timer !== undefined) clearTimeout(timer);
        stop?.();
      };
      const stop = signal
        ? onAbort(signal, () => {
            end();
            reject(abortReason(signal, context));
          })
        : undefined;
      waiter.wake = () => {
        end();
        resolve();
      };
      timer = setTimeout(waiter.wake, Math.ceil(ms));
    });
  }

  async function wait(
    signal: AbortSignal | undefined,
    context: ErrorContext,
    slot: boolean,
  ): Promise<void> {
    if (signal?.aborted) throw abortReason(signal, context);
    if (windows.length === 0) return;
    // Fast path: nobody waiting and a slot is free now.
    if (queue.length === 0) {
      const t = now();
      if (freeAt() <= t) return take(t, slot);
    }
    if (queue.length >= maxQueue) throw new QueueFullError(maxQueue, context);
    const waiter: Waiter = { wake: undefined, due: Infinity, dropped: false };
    queue.push(waiter);
    try {
      for (;;) {
        let ms = longest;
        const t = now();
        if (waiter.dropped) {
          waiter.dropped = false;
          queue.unshift(waiter);
        }
        const head = queue[0]!;
        if (head !== waiter && head.due < t - OVERDUE_MS) {
          // Its timer never fired: its context is gone (workerd cancelled the request).
          queue.shift();
          head.dropped = true;
          continue;
        }
        if (head === waiter) {
          const at = freeAt();
          if (at <= t) return take(t, slot);
          // Infinity: slots in flight fill a window; a done() wakes it.
          if (at !== Infinity) ms = at - t;
        }
        waiter.due = t + ms;
        await sleep(waiter, ms, signal, context);
      }
    } finally {
      // Granted or aborted: the next in line looks for itself, in its own context.
      const index = queue.indexOf(waiter);
      if (index >= 0) queue.splice(index, 1);
      if (index === 0) wakeHead();
    }
  }

  const noSlot: RateLimitSlot = { done: () => undefined };

  const limiter: BuiltInLimiter = {
    [TRY_SLOT]() {
      if (windows.length === 0) return noSlot;
      if (queue.length > 0 || freeAt() > now()) return undefined;
      inFlight++;
      return makeSlot();
    },
    acquire(signal, context = {}) {
      return wait(signal, context, false);
    },
    acquireSlot(signal, context = {}) {
      if (signal?.aborted) return Promise.reject(abortReason(signal, context));
      if (windows.length === 0) return Promise.resolve(noSlot);
      return wait(signal, context, true).then(makeSlot);
    },
    pause(ms) {
      if (!(ms > 0)) return;
      pausedUntil = Math.max(pausedUntil, now() + ms);
      wakeHead();
    },
  };
  return limiter;
}

/**
 * Where the shared limiters live: under a global symbol, so that two copies of the SDK in one
 * process (its ESM and CommonJS builds, say) share them too.
 */
const SHARED_LIMITERS: unique symbol = Symbol.for("altegio-sdk.sharedRateLimiters") as never;

function sharedLimiters(): Map<string, RateLimiter> {
  const holder = globalThis as { [SHARED_LIMITERS]?: Map<string, RateLimiter> };
  return (holder[SHARED_LIMITERS] ??= new Map());
}

/**
 * The limiter every client of this process that calls `url`'s origin (scheme, host and port) uses
 * when created without `rateLimit`: the API's budget, 5/s and 200/min, is per IP address, not per
 * client, so clients of several business users must draw on one. Made on first use, with the
 * defaults. Pass it as `rateLimit` to a client of another origin (a proxy) to share it there too.
 */
export function sharedRateLimiter(url: string): RateLimiter {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    throw new InvalidArgumentError(
      "url",
      `sharedRateLimiter needs an absolute URL; got ${JSON.stringify(url)}.`,
    );
  }
  const limiters = sharedLimiters();
  let limiter = limiters.get(origin);
  if (!limiter) limiters.set(origin, (limiter = createRateLimiter()));
  return limiter;
}

/**
 * Forgets the shared limiters, e.g. between tests that each want a fresh budget: lookups and
 * clients created afterwards get new ones; clients created before keep theirs.
 */
export function resetSharedRateLimiters(): void {
  sharedLimiters().clear();
}

/**
 * Waits for a slot before each attempt. `undefined` (rate limiting switched off) passes through.
 * With a limiter that offers `acquireSlot`, the slot is held until the attempt is over. On a 429
 * it pauses the whole limiter for `Retry-After` (or 1 s), so other queued calls hold too.
 */
export function rateLimitPlugin(limiter: RateLimiter | undefined): Plugin {
  if (!limiter) return (next) => next;
  const trySlot = (limiter as Partial<BuiltInLimiter>)[TRY_SLOT]?.bind(limiter);
  return (next) => async (request, ctx) => {
    let slot: RateLimitSlot | undefined = ctx.signal?.aborted ? undefined : trySlot?.();
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

function checkLimit(name: string, value: number): number {
  if (value === Infinity) return value;
  return checkCount(name, value, 1);
}

function checkCount(name: string, value: number, min = 0): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(name, `${name} must be an integer >= ${min}; got ${value}.`);
  }
  return value;
}
