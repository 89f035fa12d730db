import { getEventListeners } from "node:events";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AbortedError,
  ConnectionError,
  InvalidArgumentError,
  TimeoutError,
} from "../../src/core/errors.js";
import {
  compose,
  type CallOptions,
  type RequestContext,
  type Send,
} from "../../src/core/pipeline.js";
import { retryPlugin } from "../../src/plugins/retry.js";
import { attemptTimeoutPlugin, totalTimeoutPlugin } from "../../src/plugins/timeout.js";
import { createTransport } from "../../src/plugins/transport.js";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";
import { trackTimers } from "./support/timers.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

/** The transport's two ways to fetch: the global fetch, or a caller's FetchLike. */
type SignalVia = "global fetch" | "a caller's fetch";

/**
 * The SDK's transport, which hands ctx.attemptSignal (set by the attempt plugin) to fetch: as an
 * init to the global fetch, or on a derived Request to a caller's FetchLike.
 */
function terminal(signalVia: SignalVia): Send {
  if (signalVia === "global fetch") return createTransport();
  return createTransport((request) => globalThis.fetch(request));
}

function chain(
  defaults: { timeout?: number; totalTimeout?: number; maxRetries?: number },
  signalVia: SignalVia = "global fetch",
): Send {
  return compose(
    [
      totalTimeoutPlugin(defaults),
      retryPlugin({ maxRetries: defaults.maxRetries ?? 0, baseDelayMs: 20 }),
      attemptTimeoutPlugin(defaults),
    ],
    terminal(signalVia),
  );
}

function ctx(options: CallOptions = {}): RequestContext {
  return { operation: undefined, options, signal: undefined, attempt: 0 };
}

const get = () => new Request(`${server.url}/x`);
const post = () => new Request(`${server.url}/x`, { method: "POST", body: "{}" });

describe.each<SignalVia>(["global fetch", "a caller's fetch"])("attempt timeout (%s)", (via) => {
  it("a hung server fails the attempt with TimeoutError, and no timer is left", async () => {
    server.setHandler(() => undefined); // never answers
    const timers = trackTimers();
    const error = await chain({ timeout: 100 }, via)(get(), ctx()).catch((e: unknown) => e);
    timers.stop();
    expect(error).toBeInstanceOf(TimeoutError);
    // A read: `mayHaveBeenApplied` is for writes only (README).
    expect(error).toMatchObject({ code: "timeout", timeoutMs: 100, mayHaveBeenApplied: false });
    expect(timers.live()).toBe(0);
  });

  it("covers the body: headers then a stalled body times out", async () => {
    server.setHandler((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success": true, "da');
    });
    const error = await chain({ timeout: 150 }, via)(get(), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("retries a GET after a timed-out attempt; a POST is not repeated and says it may be applied", async () => {
    let n = 0;
    server.setHandler((_req, res) => {
      n += 1;
      if (n === 1) return; // first attempt hangs
      sendJson(res, 200, envelope({ ok: true }));
    });
    const response = await chain({ timeout: 100, maxRetries: 2 }, via)(get(), ctx());
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);

    n = 0;
    server.requests.length = 0;
    // Long enough for the request to reach the server on a busy machine.
    const error = await chain({ timeout: 300, maxRetries: 2 }, via)(post(), ctx()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect((error as TimeoutError).message).toMatch(/may have been applied/);
    expect(server.requests).toHaveLength(1);
  });

  it("a per-call timeout overrides the client default", async () => {
    server.setHandler(() => undefined);
    const error = await chain({ timeout: 10_000 }, via)(get(), ctx({ timeout: 80 })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "timeout", timeoutMs: 80 });
  });

  it("returns a response whose body is already read (usable after the attempt)", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, envelope([1, 2, 3])));
    const response = await chain({ timeout: 1000 }, via)(get(), ctx());
    expect(await response.json()).toEqual({ success: true, data: [1, 2, 3], meta: [] });
  });

  it("a 204 passes through with no body", async () => {
    server.setHandler((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const response = await chain({ timeout: 1000 }, via)(get(), ctx());
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("a connection reset mid-body becomes a ConnectionError that may have been applied", async () => {
    server.setHandler((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"success": true');
      setTimeout(() => res.destroy(), 20);
    });
    const error = await chain({ timeout: 2000 }, via)(post(), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect((error as Error).message).toMatch(/; the write may have been applied\.$/);
    expect(server.requests).toHaveLength(1);
  });

  it("hands the attempt's signal to fetch through ctx.attemptSignal, cleared after", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, envelope(null)));
    const c = ctx();
    let seen: AbortSignal | undefined;
    const send = compose([attemptTimeoutPlugin({ timeout: 1000 })], (request, cx) => {
      seen = cx.attemptSignal;
      return terminal(via)(request, cx);
    });
    await send(get(), c);
    expect(seen).toBeInstanceOf(AbortSignal);
    expect(c.attemptSignal).toBeUndefined();
  });

  it("refuses a negative timeout", () => {
    expect(() => attemptTimeoutPlugin({ timeout: -1 })).toThrow(InvalidArgumentError);
  });
});

describe.each<SignalVia>(["global fetch", "a caller's fetch"])("no attempt timeout (%s)", (via) => {
  it("hands fetch no signal when nothing can abort the attempt", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, envelope([1])));
    let seen: AbortSignal | undefined = AbortSignal.abort(); // replaced by what the plugin sets
    const send = compose([attemptTimeoutPlugin({ timeout: 0 })], (request, cx) => {
      seen = cx.attemptSignal;
      return terminal(via)(request, cx);
    });
    const response = await send(get(), ctx());
    expect(seen).toBeUndefined();
    expect(await response.json()).toEqual({ success: true, data: [1], meta: [] });
  });

  it("a body broken mid-read is still a retryable ConnectionError of the attempt", async () => {
    let n = 0;
    server.setHandler((_req, res) => {
      n += 1;
      if (n > 1) return sendJson(res, 200, envelope({ ok: true }));
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"success": true');
      setTimeout(() => res.destroy(), 20);
    });
    const response = await chain({ timeout: 0, maxRetries: 2 }, via)(get(), ctx());
    expect(await response.json()).toMatchObject({ data: { ok: true } });
    expect(server.requests).toHaveLength(2);

    n = 0;
    server.requests.length = 0;
    const error = await chain({ timeout: 0 }, via)(post(), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
  });

  it("a total timeout still ends a stalled body with TimeoutError", async () => {
    server.setHandler((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success": true, "da');
    });
    const error = await chain({ timeout: 0, totalTimeout: 150 }, via)(get(), ctx()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150 });
  });

  it("the caller's signal still aborts a hung call with AbortedError", async () => {
    server.setHandler(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 100);
    const options = { signal: controller.signal };
    const error = await chain({ timeout: 0 }, via)(get(), ctx(options)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
  });
});

describe("total timeout and cancellation", () => {
  it("bounds the whole call across retries", async () => {
    server.setHandler((_req, res) => sendJson(res, 503, { success: false, data: null, meta: {} }));
    const error = await chain({ totalTimeout: 150, maxRetries: 1000 })(get(), ctx()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150 });
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(server.requests.length).toBeLessThan(100);
  });

  it("a total timeout that fires during a POST says it may have been applied", async () => {
    server.setHandler(() => undefined);
    const error = await chain({ totalTimeout: 100 })(post(), ctx()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "timeout", timeoutMs: 100, mayHaveBeenApplied: true });
    expect((error as Error).message).toMatch(/; the write may have been applied\.$/);
  });

  it("the caller's abort propagates as AbortedError with the reason as cause", async () => {
    server.setHandler(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user gave up")), 50);
    const timers = trackTimers();
    const error = await chain({ timeout: 5000, totalTimeout: 5000 })(
      get(),
      ctx({ signal: controller.signal }),
    ).catch((e: unknown) => e);
    timers.stop();
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).cause).toEqual(new Error("user gave up"));
    expect(timers.live()).toBe(0);
  });

  it("an already aborted signal sends nothing", async () => {
    const error = await chain({})(get(), ctx({ signal: AbortSignal.abort() })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(0);
  });

  it("2,000 calls sharing one signal add one listener to it, and all stop when it fires", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    // Held strongly, as a real fetch holds its requests: undici makes a Request's signal follow
    // its parent through a WeakRef, so an unreferenced request could be collected unaborted.
    const inFlight = new Set<Request>();
    // Listens where fetch would: on the attempt's signal, which the attempt plugin hands over in
    // ctx.attemptSignal.
    const hanging: Send = (request, cx) =>
      new Promise((_resolve, reject) => {
        inFlight.add(request);
        const signal = cx.attemptSignal!;
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    const send = compose(
      [totalTimeoutPlugin({}), retryPlugin({ maxRetries: 0 }), attemptTimeoutPlugin({})],
      hanging,
    );
    const controller = new AbortController();
    const calls = Array.from({ length: 2000 }, () =>
      send(get(), ctx({ signal: controller.signal })).catch((e: unknown) => e),
    );
    await new Promise((r) => setTimeout(r, 20));
    (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc: nothing may be lost to GC
    expect(getEventListeners(controller.signal, "abort").length).toBe(1);
    controller.abort();
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e instanceof AbortedError)).toBe(true);
    await new Promise((r) => setImmediate(r));
    process.off("warning", onWarning);
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });
});
