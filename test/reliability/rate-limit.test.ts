import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AbortedError,
  InvalidArgumentError,
  QueueFullError,
  TimeoutError,
} from "../../src/core/errors.js";
import { operationOf } from "../../src/core/operation.js";
import type { RequestContext } from "../../src/core/pipeline.js";
import {
  createRateLimiter,
  rateLimitPlugin,
  type RateLimitOptions,
} from "../../src/plugins/rate-limit.js";

/** Largest number of grants inside any half-open window [t, t + length). */
function maxInWindow(times: readonly number[], length: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= length) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/**
 * Runs `arrivals` (ms offsets) through a limiter under fake time; returns grant times in the order
 * the callers arrived and the order in which they were granted.
 */
async function simulate(arrivals: readonly number[], options: RateLimitOptions) {
  const limiter = createRateLimiter({ ...options, now: () => Date.now() });
  const t0 = Date.now();
  const grantTimes: number[] = new Array<number>(arrivals.length);
  const order: number[] = [];
  arrivals.forEach((at, index) => {
    setTimeout(() => {
      void limiter.acquire().then(() => {
        grantTimes[index] = Date.now() - t0;
        order.push(index);
      });
    }, at);
  });
  await vi.runAllTimersAsync();
  return { grantTimes, order };
}

describe("createRateLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets 5 through at once, then holds the 6th until the first leaves the 1 s window", async () => {
    const { grantTimes } = await simulate(new Array(7).fill(0), { safetyMarginMs: 0 });
    expect(grantTimes).toEqual([0, 0, 0, 0, 0, 1000, 1000]);
  });

  it("adds the safety margin to each window", async () => {
    const { grantTimes } = await simulate(new Array(6).fill(0), {});
    expect(grantTimes[5]).toBe(1050);
  });

  it("keeps 450 simultaneous callers within 5/s and 200/min, in FIFO order, as fast as allowed", async () => {
    const arrivals = new Array(450).fill(0);
    const { grantTimes, order } = await simulate(arrivals, { safetyMarginMs: 0 });
    const sorted = [...grantTimes].sort((a, b) => a - b);
    expect(maxInWindow(sorted, 1000)).toBe(5);
    expect(maxInWindow(sorted, 60_000)).toBe(200);
    expect(order).toEqual(arrivals.map((_, i) => i));
    // 200 in the first minute (the 5/s pace needs 39 s), the next 200 from 60 s on, and so on.
    expect(grantTimes[199]).toBe(39_000);
    expect(grantTimes[200]).toBe(60_000);
    expect(grantTimes[400]).toBe(120_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("property: no 1 s or 60 s window ever exceeds its limit, FIFO holds, no grant is late", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 120 }),
        async (raw, perSecond, perMinute, margin) => {
          const arrivals = [...raw].sort((a, b) => a - b);
          const { grantTimes, order } = await simulate(arrivals, {
            perSecond,
            perMinute,
            safetyMarginMs: margin,
          });
          expect(maxInWindow(grantTimes, 1000)).toBeLessThanOrEqual(perSecond);
          expect(maxInWindow(grantTimes, 60_000)).toBeLessThanOrEqual(perMinute);
          expect(order).toEqual(arrivals.map((_, i) => i));
          // Exact model: each grant happens the moment its arrival, FIFO and both windows allow.
          grantTimes.forEach((t, i) => {
            let expected = Math.max(arrivals[i]!, i > 0 ? grantTimes[i - 1]! : 0);
            if (i >= perSecond)
              expected = Math.max(expected, grantTimes[i - perSecond]! + 1000 + margin);
            if (i >= perMinute)
              expected = Math.max(expected, grantTimes[i - perMinute]! + 60_000 + margin);
            expect(t).toBe(expected);
          });
          expect(vi.getTimerCount()).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("refuses at once with QueueFullError when the queue is full, and sends nothing for it", async () => {
    const limiter = createRateLimiter({
      perSecond: 1,
      perMinute: Infinity,
      maxQueue: 2,
      now: Date.now,
    });
    await limiter.acquire(); // granted immediately
    const waiting = [limiter.acquire(), limiter.acquire()];
    const refused = limiter.acquire(undefined, { operationId: "get_client" });
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toMatchObject({
      code: "queue_full",
      limit: 2,
      operationId: "get_client",
    });
    await vi.runAllTimersAsync();
    await expect(Promise.all(waiting)).resolves.toEqual([undefined, undefined]);
  });

  it("an aborted wait rejects with AbortedError, leaves the queue, and clears the timer", async () => {
    const limiter = createRateLimiter({ perSecond: 1, perMinute: Infinity, now: Date.now });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(vi.getTimerCount()).toBe(0);
    // The aborted caller did not use the slot: the next one gets it when the window frees.
    const next = limiter.acquire();
    await vi.advanceTimersByTimeAsync(1050);
    await expect(next).resolves.toBeUndefined();
  });

  it("an abort whose reason is an SDK error (a total timeout) surfaces that error", async () => {
    const limiter = createRateLimiter({ perSecond: 1, perMinute: Infinity, now: Date.now });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const reason = new TimeoutError("total", { timeoutMs: 5, mayHaveBeenApplied: false });
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it("rejects an already aborted signal without queueing", async () => {
    const limiter = createRateLimiter({ now: Date.now });
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("aborting one waiter in the middle keeps the others in order", async () => {
    const limiter = createRateLimiter({
      perSecond: 1,
      perMinute: Infinity,
      safetyMarginMs: 0,
      now: Date.now,
    });
    await limiter.acquire();
    const order: string[] = [];
    const controller = new AbortController();
    const a = limiter.acquire().then(() => order.push("a"));
    const b = limiter.acquire(controller.signal).then(
      () => order.push("b"),
      () => order.push("b aborted"),
    );
    const c = limiter.acquire().then(() => order.push("c"));
    controller.abort();
    await vi.runAllTimersAsync();
    await Promise.all([a, b, c]);
    expect(order).toEqual(["b aborted", "a", "c"]);
  });

  it("pause() holds every caller for the given time", async () => {
    const limiter = createRateLimiter({ now: Date.now });
    limiter.pause!(3000);
    let granted = 0;
    void limiter.acquire().then(() => granted++);
    await vi.advanceTimersByTimeAsync(2999);
    expect(granted).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toBe(1);
  });

  it("with both windows off it never waits and never sets a timer", async () => {
    const limiter = createRateLimiter({ perSecond: Infinity, perMinute: Infinity, now: Date.now });
    await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire()));
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    ["perSecond", { perSecond: 0 }],
    ["perMinute", { perMinute: 2.5 }],
    ["maxQueue", { maxQueue: -1 }],
    ["safetyMarginMs", { safetyMarginMs: Number.NaN }],
  ])("refuses a bad %s", (name, options) => {
    expect(() => createRateLimiter(options)).toThrow(InvalidArgumentError);
    expect(() => createRateLimiter(options)).toThrow(name);
  });
});

/**
 * Like `simulate`, through `acquireSlot`: caller i arrives at `arrivals[i]` and holds its slot for
 * `durations[i]` ms. Returns grant and done times.
 */
async function simulateSlots(
  arrivals: readonly number[],
  durations: readonly number[],
  options: RateLimitOptions,
) {
  const limiter = createRateLimiter({ ...options, now: () => Date.now() });
  const t0 = Date.now();
  const granted: number[] = new Array<number>(arrivals.length);
  const done: number[] = new Array<number>(arrivals.length);
  const order: number[] = [];
  arrivals.forEach((at, index) => {
    setTimeout(() => {
      void limiter.acquireSlot!().then((slot) => {
        granted[index] = Date.now() - t0;
        order.push(index);
        setTimeout(() => {
          done[index] = Date.now() - t0;
          slot.done();
        }, durations[index]);
      });
    }, at);
  });
  await vi.runAllTimersAsync();
  return { granted, done, order };
}

describe("createRateLimiter: slots held until the answer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a slot in flight counts inside every window until done, then from done", async () => {
    const { granted, done } = await simulateSlots([0, 0, 0], [300, 5000, 0], {
      perSecond: 2,
      perMinute: Infinity,
      safetyMarginMs: 0,
    });
    expect(granted.slice(0, 2)).toEqual([0, 0]);
    expect(done[0]).toBe(300);
    // The third waits for the first to leave the window, counted from its answer.
    expect(granted[2]).toBe(1300);
  });

  it("slots in flight alone can fill the window: the next waits for a done()", async () => {
    const { granted } = await simulateSlots([0, 0], [4000, 0], {
      perSecond: 1,
      perMinute: Infinity,
      safetyMarginMs: 0,
    });
    expect(granted).toEqual([0, 5000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("property: whenever a request could reach the server, the server's windows hold", async () => {
    // The server sees request i at some moment between its grant g_i and its answer c_i. For any
    // such moments, a window of the server never holds more than the limit iff, at each grant
    // g_j, fewer than `limit` earlier requests have c_i > g_j - window.
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 70_000 }), fc.integer({ min: 0, max: 3_000 })),
          {
            minLength: 1,
            maxLength: 50,
          },
        ),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 2, max: 20 }),
        async (raw, perSecond, perMinute) => {
          const sorted = [...raw].sort((a, b) => a[0] - b[0]);
          const arrivals = sorted.map(([a]) => a);
          const durations = sorted.map(([, d]) => d);
          const { granted, done, order } = await simulateSlots(arrivals, durations, {
            perSecond,
            perMinute,
            safetyMarginMs: 0,
          });
          expect(order).toEqual(arrivals.map((_, i) => i));
          for (const [limit, length] of [
            [perSecond, 1000],
            [perMinute, 60_000],
          ] as const) {
            granted.forEach((g, j) => {
              const crowding = done.slice(0, j).filter((c) => c > g - length).length;
              expect(crowding).toBeLessThan(limit);
            });
          }
          expect(vi.getTimerCount()).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("done() twice counts once", async () => {
    const limiter = createRateLimiter({
      perSecond: 1,
      perMinute: Infinity,
      safetyMarginMs: 0,
      now: Date.now,
    });
    const slot = await limiter.acquireSlot!();
    slot.done();
    slot.done();
    let granted = false;
    void limiter.acquireSlot!().then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toBe(true);
  });

  it("with both windows off a slot is granted at once", async () => {
    const limiter = createRateLimiter({ perSecond: Infinity, perMinute: Infinity });
    const slots = await Promise.all(Array.from({ length: 100 }, () => limiter.acquireSlot!()));
    slots.forEach((s) => s.done());
    await expect(limiter.acquireSlot!(AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
  });
});

describe("rateLimitPlugin", () => {
  const ctx = (): RequestContext => ({
    operation: undefined,
    options: {},
    signal: undefined,
    attempt: 0,
  });

  it("passes straight through when rate limiting is off", async () => {
    const next = vi.fn(async () => new Response("ok"));
    const send = rateLimitPlugin(undefined)(next);
    await send(new Request("http://127.0.0.1/x"), ctx());
    expect(next).toHaveBeenCalledTimes(1);
  });

  it("acquires before each send and pauses the limiter on a 429 with Retry-After", async () => {
    const calls: string[] = [];
    const limiter = {
      acquire: vi.fn(async () => {
        calls.push("acquire");
      }),
      pause: vi.fn((ms: number) => {
        calls.push(`pause ${ms}`);
      }),
    };
    const send = rateLimitPlugin(limiter)(async () => {
      calls.push("send");
      return new Response("", { status: 429, headers: { "retry-after": "7" } });
    });
    const response = await send(new Request("http://127.0.0.1/x"), ctx());
    expect(response.status).toBe(429);
    expect(calls).toEqual(["acquire", "send", "pause 7000"]);
  });

  it("pauses 1 s on a 429 without Retry-After", async () => {
    const limiter = { acquire: async () => undefined, pause: vi.fn() };
    const send = rateLimitPlugin(limiter)(async () => new Response("", { status: 429 }));
    await send(new Request("http://127.0.0.1/x"), ctx());
    expect(limiter.pause).toHaveBeenCalledWith(1000);
  });

  it("holds the built-in limiter's slot until the attempt is over, even when it throws", async () => {
    vi.useFakeTimers();
    try {
      const limiter = createRateLimiter({
        perSecond: 1,
        perMinute: Infinity,
        safetyMarginMs: 0,
        now: Date.now,
      });
      const send = rateLimitPlugin(limiter)(async () => {
        await new Promise((r) => setTimeout(r, 500));
        throw new Error("network down");
      });
      const first = send(new Request("http://127.0.0.1/x"), ctx()).catch((e: unknown) => e);
      let secondAt: number | undefined;
      const t0 = Date.now();
      const second = limiter.acquire().then(() => (secondAt = Date.now() - t0));
      await vi.runAllTimersAsync();
      expect(await first).toEqual(new Error("network down"));
      await second;
      // Counted from the end of the first attempt (500 ms), not from its grant (0).
      expect(secondAt).toBe(1500);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a call that finds the built-in limiter busy waits for its next free slot", async () => {
    vi.useFakeTimers();
    try {
      const limiter = createRateLimiter({
        perSecond: 1,
        perMinute: Infinity,
        safetyMarginMs: 0,
        now: Date.now,
      });
      const t0 = Date.now();
      const sentAt: number[] = [];
      const send = rateLimitPlugin(limiter)(async () => {
        sentAt.push(Date.now() - t0);
        return new Response("ok");
      });
      const both = Promise.all([
        send(new Request("http://127.0.0.1/x"), ctx()),
        send(new Request("http://127.0.0.1/x"), ctx()),
      ]);
      await vi.runAllTimersAsync();
      await both;
      expect(sentAt).toEqual([0, 1000]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("labels a queue-full refusal with the operation", async () => {
    const limiter = createRateLimiter({ perSecond: 1, perMinute: Infinity, maxQueue: 0 });
    const send = rateLimitPlugin(limiter)(async () => new Response("ok"));
    const c: RequestContext = {
      operation: operationOf(
        { get_client: { method: "get", path: "/client/{location_id}/{id}", auth: "user" } },
        "get_client",
      ),
      options: {},
      signal: undefined,
      attempt: 0,
    };
    await send(new Request("http://127.0.0.1/client/1/2"), c);
    await expect(send(new Request("http://127.0.0.1/client/1/2"), c)).rejects.toMatchObject({
      code: "queue_full",
      operationId: "get_client",
      path: "/client/{location_id}/{id}",
    });
  });
});
