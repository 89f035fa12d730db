/**
 * The default limiter is shared by every client of the process that calls the same origin: the
 * API's budget (5/s, 200/min) is per IP address, so N clients (one per business user, say) must
 * not send N × 5/s together. Options make a limiter private to the client; another origin has its
 * own shared limiter.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  createAltegioClient,
  InvalidArgumentError,
  resetSharedRateLimiters,
  sharedRateLimiter,
  type AltegioClientOptions,
  type RateLimiter,
} from "../../src/index.js";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";

const PARTNER = "shared-PARTNER-7d1e93c0";

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A loopback server that records when each request arrived. */
async function recordingServer(): Promise<{ url: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  const server = await startLoopback((_req, res) => {
    arrivals.push(performance.now());
    sendJson(res, 200, envelope({ id: 1 }));
  });
  servers.push(server);
  return { url: server.url, arrivals };
}

/** The most arrivals in any sliding window of `windowMs`. */
function busiest(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

let users = 0;
function client(baseUrl: string, options: Partial<AltegioClientOptions> = {}) {
  users += 1;
  return createAltegioClient({
    partnerToken: PARTNER,
    userToken: `shared-USER-${users}-4b8f`,
    baseUrl,
    retry: false,
    ...options,
  });
}

/** `n` partner-level calls fired at once; resolves when all are answered. */
function burst(c: ReturnType<typeof client>, n: number): Promise<unknown[]> {
  return Promise.all(
    Array.from({ length: n }, () => c.request("get_location", { path: { location_id: 1 } })),
  );
}

describe("the default limiter, shared per origin", () => {
  it("two clients of one origin together never exceed 5 in any sliding second", async () => {
    const { url, arrivals } = await recordingServer();
    // Different base paths, one origin: still one budget.
    const a = client(`${url}/api/v1`);
    const b = client(`${url}/other/`);
    const started = performance.now();
    await Promise.all([burst(a, 6), burst(b, 6)]);
    expect(arrivals).toHaveLength(12);
    expect(busiest(arrivals, 1_000)).toBeLessThanOrEqual(5);
    // 12 calls at 5 per sliding second: the last ones go out after two full windows.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it("clients of different origins do not share a budget", async () => {
    const one = await recordingServer();
    const two = await recordingServer();
    const started = performance.now();
    await Promise.all([burst(client(one.url), 5), burst(client(two.url), 5)]);
    expect(performance.now() - started).toBeLessThan(900);
    expect([one.arrivals.length, two.arrivals.length]).toEqual([5, 5]);
  });

  it("sharedRateLimiter(url) is the one limiter of the URL's origin (scheme, host, port)", () => {
    const limiter = sharedRateLimiter("https://api.alteg.io/api/v1");
    expect(sharedRateLimiter("https://api.alteg.io")).toBe(limiter);
    expect(sharedRateLimiter("https://API.alteg.io:443/other?x=1")).toBe(limiter);
    expect(sharedRateLimiter("http://api.alteg.io")).not.toBe(limiter);
    expect(sharedRateLimiter("https://api.alteg.io:8443")).not.toBe(limiter);
    expect(() => sharedRateLimiter("not a url")).toThrow(InvalidArgumentError);
  });

  it("resetSharedRateLimiters: later lookups get fresh limiters", () => {
    const before = sharedRateLimiter("https://api.alteg.io");
    resetSharedRateLimiters();
    expect(sharedRateLimiter("https://api.alteg.io")).not.toBe(before);
  });
});

describe("other rateLimit options", () => {
  it("an options object makes a limiter private to the client", async () => {
    const { url, arrivals } = await recordingServer();
    const started = performance.now();
    await Promise.all([
      burst(client(url, { rateLimit: {} }), 5),
      burst(client(url, { rateLimit: { perSecond: 5 } }), 5),
    ]);
    expect(performance.now() - started).toBeLessThan(900);
    expect(busiest(arrivals, 1_000)).toBe(10);
  });

  it("a RateLimiter is used as given; false turns limiting off", async () => {
    const { url, arrivals } = await recordingServer();
    let acquired = 0;
    const limiter: RateLimiter = {
      acquire: async () => {
        acquired += 1;
      },
    };
    await burst(client(url, { rateLimit: limiter }), 3);
    expect(acquired).toBe(3);
    const started = performance.now();
    await burst(client(url, { rateLimit: false }), 12);
    expect(performance.now() - started).toBeLessThan(900);
    expect(arrivals).toHaveLength(15);
  });
});
