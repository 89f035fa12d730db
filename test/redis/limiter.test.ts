/**
 * `altegio-sdk-redis` in one process, on a real redis-server: the budget holds across limiters
 * (two "processes" in one), waits honour signals, and a Redis that stays down fails calls with a
 * `RedisUnavailableError` naming it, having sent nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "altegio-sdk-sandbox";
import { AbortedError } from "../../src/index.js";
import { RedisUnavailableError, redisRateLimiter, redisTokenStore } from "altegio-sdk-redis";
import { sdkFor, startTestSandbox } from "../integration/support.js";
import { RedisServer, skipReason } from "./support.js";

const skip = skipReason();

describe.skipIf(skip !== undefined)("altegio-sdk-redis in one process", () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  beforeAll(async () => {
    redis = await RedisServer.start();
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    await redis?.stop();
  });

  it("two limiters on one key share 5 per second, and grant in turns", async () => {
    const a = redisRateLimiter({ url: redis.url, keyPrefix: "share:" });
    const b = redisRateLimiter({ url: redis.url, keyPrefix: "share:" });
    const grants: { who: string; at: number }[] = [];
    const t0 = performance.now();
    const take = (who: string, limiter: typeof a) =>
      limiter.acquireSlot().then((slot) => {
        grants.push({ who, at: performance.now() - t0 });
        slot.done();
      });
    await Promise.all([
      ...Array.from({ length: 6 }, () => take("a", a)),
      ...Array.from({ length: 6 }, () => take("b", b)),
    ]);
    // 12 grants at 5 per second (after the fresh state's one-second hold): ≥ 2 s.
    expect(grants).toHaveLength(12);
    expect(grants[11]!.at - grants[0]!.at).toBeGreaterThanOrEqual(2_000);
    const firstFive = grants.slice(0, 6).map((g) => g.who);
    expect(firstFive).toContain("a");
    expect(firstFive).toContain("b");
    await Promise.all([a.close(), b.close()]);
  }, 20_000);

  it("a waiting call's signal ends its wait with AbortedError", async () => {
    const limiter = redisRateLimiter({ url: redis.url, keyPrefix: "abort:", perSecond: 1 });
    const first = await limiter.acquireSlot(); // after the fresh hold
    first.done();
    const controller = new AbortController();
    const waiting = limiter.acquireSlot(controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    await limiter.close();
  }, 20_000);

  it("Redis down for longer than redisTimeoutMs: RedisUnavailableError naming it, nothing sent", async () => {
    const down = await RedisServer.start();
    const options = { url: down.url, keyPrefix: "down:", redisTimeoutMs: 1_000 };
    const rateLimit = redisRateLimiter(options);
    const tokenStore = redisTokenStore(options);
    const altegio = sdkFor(sandbox, { rateLimit, tokenStore });
    await altegio.clients.get({ location_id: 41001, id: 90001 });
    await down.stop();
    const before = sandbox.stats().total;
    const error = await altegio.clients.get({ location_id: 41001, id: 90002 }).catch((e) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(error.code).toBe("redis_unavailable");
    expect(error.message).toContain(`127.0.0.1:${down.port}`);
    expect(sandbox.stats().total).toBe(before);
    await Promise.all([rateLimit.close(), tokenStore.close()]);
  }, 20_000);
});
