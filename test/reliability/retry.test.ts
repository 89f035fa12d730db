import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AbortedError,
  ConnectionError,
  InvalidArgumentError,
  TimeoutError,
} from "../../src/core/errors.js";
import type { CallOptions, RequestContext, Send } from "../../src/core/pipeline.js";
import { parseRetryAfter } from "../../src/core/retry-after.js";
import { backoffDelay, retryDelay, retryPlugin, shouldRetry } from "../../src/plugins/retry.js";

const NOW = Date.parse("2025-03-01T12:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    ["0", 0],
    ["3", 3000],
    [" 120 ", 120_000],
    ["1.5", 1500],
    ["Sat, 01 Mar 2025 12:00:30 GMT", 30_000],
    ["Sat, 01 Mar 2025 11:59:00 GMT", 0],
  ])("%j → %d ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([null, undefined, "", "soon", "-1", "1e3", "Foo, 99 Bar 2025"])(
    "%j → undefined",
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );
});

describe("backoffDelay", () => {
  it("doubles per attempt with equal jitter, capped at maxDelayMs", () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, opts, () => 0)).toBe(50);
    expect(backoffDelay(0, opts, () => 0.999999)).toBe(100);
    expect(backoffDelay(2, opts, () => 0)).toBe(200);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(600);
    expect(backoffDelay(10, opts, () => 0.999999)).toBe(1000);
    expect(backoffDelay(1000, opts, () => 0)).toBe(500);
  });
});

describe("shouldRetry", () => {
  const response = (status: number) => ({ response: new Response(null, { status }) });
  const refused = new ConnectionError("refused", { mayHaveBeenApplied: false });
  const reset = new ConnectionError("reset", { mayHaveBeenApplied: true });
  const timedOut = new TimeoutError("slow", { timeoutMs: 1, mayHaveBeenApplied: true });
  const aborted = new AbortedError("stop");

  it.each(["GET", "HEAD", "PUT", "DELETE"])(
    "%s retries network errors, timeouts, 429 and 5xx",
    (m) => {
      expect(shouldRetry(m, { error: refused })).toBe(true);
      expect(shouldRetry(m, { error: reset })).toBe(true);
      expect(shouldRetry(m, { error: timedOut })).toBe(true);
      for (const s of [429, 500, 502, 503, 504]) expect(shouldRetry(m, response(s))).toBe(true);
      for (const s of [200, 400, 401, 402, 404, 409, 422, 501])
        expect(shouldRetry(m, response(s))).toBe(false);
      expect(shouldRetry(m, { error: aborted })).toBe(false);
      expect(shouldRetry(m, { error: new TypeError("bug") })).toBe(false);
    },
  );

  it.each(["POST", "PATCH"])("%s retries only a refused connection or a 429", (m) => {
    expect(shouldRetry(m, { error: refused })).toBe(true);
    expect(shouldRetry(m, response(429))).toBe(true);
    expect(shouldRetry(m, { error: reset })).toBe(false);
    expect(shouldRetry(m, { error: timedOut })).toBe(false);
    for (const s of [500, 502, 503, 504]) expect(shouldRetry(m, response(s))).toBe(false);
    expect(shouldRetry(m, { error: aborted })).toBe(false);
  });
});

describe("retryDelay", () => {
  const opts = { baseDelayMs: 100, maxDelayMs: 10_000 };
  const with429 = (h?: string) =>
    new Response(null, { status: 429, headers: h === undefined ? {} : { "retry-after": h } });

  it("uses Retry-After on 429 and 503", () => {
    expect(retryDelay(0, with429("4"), opts, NOW, () => 0)).toBe(4000);
    const r503 = new Response(null, { status: 503, headers: { "retry-after": "2" } });
    expect(retryDelay(0, r503, opts, NOW, () => 0)).toBe(2000);
  });

  it("waits at least 1 s on a 429 without Retry-After", () => {
    expect(retryDelay(0, with429(), opts, NOW, () => 0)).toBe(1000);
  });

  it("gives up (undefined) when Retry-After is longer than maxDelayMs", () => {
    expect(retryDelay(0, with429("11"), opts, NOW, () => 0)).toBeUndefined();
  });

  it("ignores Retry-After on other statuses", () => {
    const r500 = new Response(null, { status: 500, headers: { "retry-after": "9" } });
    expect(retryDelay(0, r500, opts, NOW, () => 0)).toBe(50);
  });
});

describe("retryPlugin", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const ctx = (options: CallOptions = {}): RequestContext => ({
    operation: undefined,
    options,
    signal: options.signal,
    attempt: 0,
  });

  /** A `next` that answers from a script and records the attempt and body it saw. */
  function scripted(script: ((n: number) => Response | Error)[]) {
    const seen: { attempt: number; body: string }[] = [];
    const next: Send = async (request, c) => {
      seen.push({ attempt: c.attempt, body: await request.text() });
      const step = script[Math.min(seen.length - 1, script.length - 1)]!(seen.length);
      if (step instanceof Error) throw step;
      return step;
    };
    return { next, seen };
  }
  const status =
    (s: number, headers: Record<string, string> = {}) =>
    () =>
      new Response(JSON.stringify({ s }), { status: s, headers });

  async function run(send: Send, request: Request, c: RequestContext) {
    const result = send(request, c).then(
      (r) => ({ response: r }),
      (e: unknown) => ({ error: e }),
    );
    await vi.runAllTimersAsync();
    return result;
  }

  it("retries a GET on 503 then succeeds, cloning the request per attempt", async () => {
    const { next, seen } = scripted([status(503), status(502), status(200)]);
    const send = retryPlugin({ baseDelayMs: 10 })(next);
    const c = ctx();
    const { response } = (await run(send, new Request("http://127.0.0.1/x"), c)) as {
      response: Response;
    };
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.attempt)).toEqual([0, 1, 2]);
    expect(c.attempt).toBe(2);
  });

  it("replays a PUT body on every attempt", async () => {
    const { next, seen } = scripted([status(500), status(200)]);
    const send = retryPlugin({ baseDelayMs: 10 })(next);
    const request = new Request("http://127.0.0.1/x", { method: "PUT", body: '{"a":1}' });
    await run(send, request, ctx());
    expect(seen.map((s) => s.body)).toEqual(['{"a":1}', '{"a":1}']);
  });

  it("returns the last response when retries run out (maxRetries + 1 attempts)", async () => {
    const { next, seen } = scripted([status(500)]);
    const send = retryPlugin({ maxRetries: 2, baseDelayMs: 10 })(next);
    const { response } = (await run(send, new Request("http://127.0.0.1/x"), ctx())) as {
      response: Response;
    };
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ s: 500 });
    expect(seen).toHaveLength(3);
  });

  it("honours a per-call maxRetries", async () => {
    const { next, seen } = scripted([status(500)]);
    const send = retryPlugin({ maxRetries: 5, baseDelayMs: 10 })(next);
    await run(send, new Request("http://127.0.0.1/x"), ctx({ maxRetries: 0 }));
    expect(seen).toHaveLength(1);
  });

  it("rethrows the last error when retries run out", async () => {
    const reset = new ConnectionError("reset", { mayHaveBeenApplied: true });
    const { next, seen } = scripted([() => reset]);
    const send = retryPlugin({ maxRetries: 1, baseDelayMs: 10 })(next);
    const { error } = (await run(send, new Request("http://127.0.0.1/x"), ctx())) as {
      error: unknown;
    };
    expect(error).toBe(reset);
    expect(seen).toHaveLength(2);
  });

  it("never repeats a POST that got a 500", async () => {
    const { next, seen } = scripted([status(500), status(200)]);
    const send = retryPlugin({ baseDelayMs: 10 })(next);
    const request = new Request("http://127.0.0.1/x", { method: "POST", body: "{}" });
    const { response } = (await run(send, request, ctx())) as { response: Response };
    expect(response.status).toBe(500);
    expect(seen).toHaveLength(1);
  });

  it("never repeats a PATCH whose connection broke after sending", async () => {
    const reset = new ConnectionError("reset", { mayHaveBeenApplied: true });
    const { next, seen } = scripted([() => reset, status(200)]);
    const send = retryPlugin({ baseDelayMs: 10 })(next);
    const request = new Request("http://127.0.0.1/x", { method: "PATCH", body: "{}" });
    const { error } = (await run(send, request, ctx())) as { error: unknown };
    expect(error).toBe(reset);
    expect(seen).toHaveLength(1);
  });

  it("retries a POST after a refused connection and after a 429, with its body", async () => {
    const refused = new ConnectionError("refused", { mayHaveBeenApplied: false });
    const { next, seen } = scripted([() => refused, status(429), status(201)]);
    const send = retryPlugin({ baseDelayMs: 10 })(next);
    const request = new Request("http://127.0.0.1/x", { method: "POST", body: '{"n":1}' });
    const { response } = (await run(send, request, ctx())) as { response: Response };
    expect(response.status).toBe(201);
    expect(seen.map((s) => s.body)).toEqual(['{"n":1}', '{"n":1}', '{"n":1}']);
  });

  it("waits exactly Retry-After before the next attempt", async () => {
    const { next, seen } = scripted([status(429, { "retry-after": "3" }), status(200)]);
    const send = retryPlugin({ baseDelayMs: 10 })(next);
    const pending = send(new Request("http://127.0.0.1/x"), ctx());
    await vi.advanceTimersByTimeAsync(2999);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveLength(2);
    expect((await pending).status).toBe(200);
  });

  it("returns the 429 at once when Retry-After exceeds maxDelayMs", async () => {
    const { next, seen } = scripted([status(429, { "retry-after": "120" }), status(200)]);
    const send = retryPlugin({ maxDelayMs: 60_000 })(next);
    const response = await send(new Request("http://127.0.0.1/x"), ctx());
    expect(response.status).toBe(429);
    expect(seen).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an abort during the backoff wait rejects with AbortedError and leaves no timer", async () => {
    const { next, seen } = scripted([status(503), status(200)]);
    const send = retryPlugin({ baseDelayMs: 5000 })(next);
    const controller = new AbortController();
    const pending = send(new Request("http://127.0.0.1/x"), ctx({ signal: controller.signal }));
    const settled = pending.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    expect(await settled).toBeInstanceOf(AbortedError);
    expect(vi.getTimerCount()).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it("does not retry once the call's signal has fired", async () => {
    const controller = new AbortController();
    const { next, seen } = scripted([
      () => {
        controller.abort();
        return new ConnectionError("reset", { mayHaveBeenApplied: true });
      },
    ]);
    const send = retryPlugin({ baseDelayMs: 10 })(next);
    await run(send, new Request("http://127.0.0.1/x"), ctx({ signal: controller.signal }));
    expect(seen).toHaveLength(1);
  });

  it("refuses a bad maxRetries, per client and per call", async () => {
    expect(() => retryPlugin({ maxRetries: -1 })).toThrow(InvalidArgumentError);
    const send = retryPlugin()(async () => new Response("ok"));
    await expect(send(new Request("http://127.0.0.1/x"), ctx({ maxRetries: 1.5 }))).rejects.toThrow(
      /maxRetries/,
    );
  });
});
