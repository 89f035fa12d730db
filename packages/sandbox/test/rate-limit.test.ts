import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.js";
import { SlidingWindowLimiter } from "../src/rate-limit.js";
import { ACCEPT, call, control, startTestSandbox } from "./support/client.js";

describe("SlidingWindowLimiter", () => {
  it("allows 5 per sliding second per address and says when to come back", () => {
    let now = 10_000;
    const limiter = new SlidingWindowLimiter({ perSecond: 5, perMinute: 200 }, () => now);
    for (let i = 0; i < 5; i++) {
      expect(limiter.check("a").allowed).toBe(true);
      now += 100;
    }
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.check("b").allowed).toBe(true);
    now = 11_000; // the first grant (at 10 000) has left the window
    expect(limiter.check("a").allowed).toBe(true);
    expect(limiter.check("a").allowed).toBe(false);
  });

  it("allows 200 per sliding minute, with Retry-After up to the window's end", () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter({ perSecond: 5, perMinute: 200 }, () => now);
    for (let i = 0; i < 200; i++) {
      expect(limiter.check("a").allowed).toBe(true);
      now += 250; // 4 per second: never the per-second limit
    }
    // 200 grants from t=0 to t=49 750; now is 50 000 and the next slot opens at t=60 000.
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now = 60_000;
    expect(limiter.check("a").allowed).toBe(true);
  });

  it("refuses a limit below 1", () => {
    expect(() => new SlidingWindowLimiter({ perSecond: 0, perMinute: 200 })).toThrow(/perSecond/);
  });
});

describe("rate limit over HTTP", () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.close());

  it("answers the 6th request within a second with 429, Retry-After and the error envelope", async () => {
    sandbox = await startTestSandbox();
    // Warm up (the first call compiles the operation's validators), then limit.
    expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
    sandbox.setRateLimit(true);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 6; i++) {
      const reply = await call(sandbox, "GET", "/companies");
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited!.json).toMatchObject({
      success: false,
      data: null,
      meta: { message: expect.any(String) },
    });
    expect(sandbox.stats().rateLimited).toBe(1);
  });

  it("enforces a per-minute budget and keeps separate budgets per client address", async () => {
    sandbox = await startTestSandbox({ rateLimit: { perSecond: 100, perMinute: 3 } });
    for (let i = 0; i < 3; i++) expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
    const limited = await call(sandbox, "GET", "/companies");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(50);
    // Another loopback address has its own budget.
    const other = await getFrom("127.0.0.2", `${sandbox.baseUrl}/companies`, sandbox.partnerToken);
    expect(other).toBe(200);
  });

  it("can be turned off and changed at run time, programmatically and over HTTP", async () => {
    sandbox = await startTestSandbox({ rateLimit: { perSecond: 1 } });
    expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
    expect((await call(sandbox, "GET", "/companies")).status).toBe(429);
    sandbox.setRateLimit(false);
    expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
    const changed = await control(sandbox, "PUT", "/rate-limit", { perSecond: 2, perMinute: 200 });
    expect(changed.json.data.rate_limit).toEqual({ perSecond: 2, perMinute: 200 });
    expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
    expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
    expect((await call(sandbox, "GET", "/companies")).status).toBe(429);
    const off = await control(sandbox, "PUT", "/rate-limit", { enabled: false });
    expect(off.json.data.rate_limit).toBe(false);
  });

  it("does not count control calls", async () => {
    sandbox = await startTestSandbox({ rateLimit: { perSecond: 1 } });
    for (let i = 0; i < 3; i++) expect((await control(sandbox, "GET", "/stats")).status).toBe(200);
    expect((await call(sandbox, "GET", "/companies")).status).toBe(200);
  });
});

/** A GET sent from a chosen loopback source address (fetch cannot pick one). */
function getFrom(localAddress: string, url: string, partnerToken: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { localAddress, headers: { accept: ACCEPT, authorization: `Bearer ${partnerToken}` } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
