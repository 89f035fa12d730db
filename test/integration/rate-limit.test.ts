/**
 * 429s against the sandbox's rate limit (the API's: 5 per sliding second, 200 per minute): the
 * SDK's limiter keeps a burst under it; without the limiter, retries honour `Retry-After`; without
 * retries the caller gets a RateLimitError with `retryAfterMs`. The sandbox counts its 429s.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RateLimitError, type AltegioClient, type AltegioClientOptions } from "../../src/index.js";
import type { Sandbox } from "altegio-sdk-sandbox";
import { LOCATION, logOf, sdkFor, startTestSandbox } from "./support.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimit: { perSecond: 5, perMinute: 200 } });
});
afterAll(() => sandbox.close());
// reset() also empties the sandbox's rate-limit windows, so each test starts with a full second.
beforeEach(() => sandbox.reset());

/** A client with a user token issued by the sandbox (no login request to count). */
function client(options: Partial<AltegioClientOptions>): AltegioClient {
  return sdkFor(sandbox, {
    userToken: sandbox.issueUserToken(sandbox.users[0]!.login),
    ...options,
  });
}

const burst = (altegio: AltegioClient, n: number) =>
  Array.from({ length: n }, (_, i) =>
    altegio.clients.get({ location_id: LOCATION, id: 90001 + i }),
  );

describe("sandbox rate limit on (5/s, 200/min)", () => {
  it("with the SDK limiter on, a burst of 12 gets no 429 and is spread over 2+ seconds", async () => {
    const altegio = client({ rateLimit: { perSecond: 5, perMinute: 200 }, retry: false });
    const started = performance.now();
    const clients = await Promise.all(burst(altegio, 12));
    const elapsed = performance.now() - started;
    expect(clients.map((c) => c.id)).toEqual(Array.from({ length: 12 }, (_, i) => 90001 + i));
    expect(sandbox.stats().rateLimited).toBe(0);
    expect(sandbox.stats().byStatus["429"]).toBeUndefined();
    // 5 now, 5 after a second, 2 after two seconds.
    expect(elapsed).toBeGreaterThanOrEqual(1_950);
    expect(elapsed).toBeLessThan(6_000);
  });

  it("with the limiter off and retries on, 429s are retried after Retry-After", async () => {
    const altegio = client({ rateLimit: false, retry: { maxRetries: 3 } });
    const started = performance.now();
    const clients = await Promise.all(burst(altegio, 8));
    const elapsed = performance.now() - started;
    expect(clients).toHaveLength(8);
    const stats = sandbox.stats();
    expect(stats.rateLimited).toBeGreaterThanOrEqual(1);
    expect(stats.byStatus["429"]).toBe(stats.rateLimited);
    expect(stats.byStatus["200"]).toBe(8);
    expect(elapsed).toBeGreaterThanOrEqual(950);

    // Each refused call came back no sooner than the Retry-After (1 s) it was given.
    const log = logOf(sandbox, "get_client");
    for (const refused of log.filter((r) => r.status === 429)) {
      const next = log.find((r) => r.url === refused.url && r.time > refused.time);
      expect(next).toBeDefined();
      expect(Date.parse(next!.time) - Date.parse(refused.time)).toBeGreaterThanOrEqual(950);
    }
  });

  it("with retries off, the refused calls reject with RateLimitError and retryAfterMs", async () => {
    const altegio = client({ rateLimit: false, retry: false });
    const outcomes = await Promise.allSettled(burst(altegio, 8));
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    // 5 fit in the sandbox's second; the rest (3, unless the burst straddled a second) are refused.
    expect(outcomes.filter((o) => o.status === "fulfilled").length).toBeGreaterThanOrEqual(5);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const error of refused) {
      expect(error).toBeInstanceOf(RateLimitError);
      const limited = error as RateLimitError;
      expect(limited.status).toBe(429);
      expect(limited.retryAfterMs).toBeGreaterThanOrEqual(1_000);
      expect(limited.operationId).toBe("get_client");
    }
    expect(sandbox.stats().rateLimited).toBe(refused.length);
  });
});
