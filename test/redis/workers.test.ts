/**
 * `altegio-sdk-redis` across processes, on a real redis-server (started here on a free loopback
 * port) and the sandbox with the API's rate limit (5/s, 200/min, 429 beyond):
 *
 * - 4 child processes × 30 calls, the password changed midway: all 120 succeed, exactly 2 logins
 *   (the cold start's and one after the change), never more than 5 requests in any second;
 * - a process killed while it holds the login lock blocks the others no longer than the lock's TTL;
 * - Redis killed and restarted mid-run: every call succeeds, still ≤ 5 in any second, no 429.
 *
 * The workers forward every secret the SDK handled and every error and log line to this process,
 * where the suite's secrets scan (test/support/secret-scan.ts) checks them with its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "altegio-sdk-sandbox";
import { LOCATION, control, countOf, startTestSandbox } from "../integration/support.js";
import { collector } from "../support/secret-scan.js";
import { redisTokenStore } from "altegio-sdk-redis";
import { RedisServer, busiestWindow, skipReason, startWorker, type Worker } from "./support.js";

const skip = skipReason();

describe.skipIf(skip !== undefined)("altegio-sdk-redis across processes", () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let folder: string;
  let run = 0;

  beforeAll(async () => {
    redis = await RedisServer.start();
    sandbox = await startTestSandbox({ rateLimit: { perSecond: 5, perMinute: 200 } });
    folder = mkdtempSync(join(tmpdir(), "altegio-redis-"));
  });
  afterAll(async () => {
    await sandbox?.close();
    await redis?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  const hooks = (onProgress?: () => void) => ({
    onLine: (line: string) => collector.lines.push(line),
    onSecret: (secret: string) => collector.diagnostics.secret?.(secret),
    ...(onProgress && { onProgress }),
  });

  function workers(count: number, calls: number, onProgress: () => void) {
    run++;
    const user = sandbox.users[0]!;
    const passwordFile = join(folder, `password-${run}`);
    writeFileSync(passwordFile, user.password);
    collector.diagnostics.secret?.(user.password);
    collector.diagnostics.secret?.(sandbox.partnerToken);
    const config = {
      mode: "calls",
      redisUrl: redis.url,
      keyPrefix: `test-${run}:`,
      baseUrl: sandbox.baseUrl,
      partnerToken: sandbox.partnerToken,
      login: user.login,
      passwordFile,
      calls,
      concurrency: 2,
      lockTtlMs: 5_000,
      location: LOCATION,
    };
    const started: Worker[] = Array.from({ length: count }, () =>
      startWorker(config, hooks(onProgress)),
    );
    return { started, passwordFile, user };
  }

  /** Arrival times (ms) of the requests the sandbox logged since `from` (an index in its log). */
  const timesSince = (from: number) => sandbox.requests.slice(from).map((r) => Date.parse(r.time));

  it("4 processes × 30 calls, password changed midway: 120 succeed, 2 logins, ≤ 5/s", async () => {
    sandbox.reset();
    let done = 0;
    let changed: Promise<void> | undefined;
    const { started, passwordFile, user } = workers(4, 30, () => {
      if (++done === 60) {
        // Midway: the new password where the workers' credentials read it, then the change.
        writeFileSync(passwordFile, "changed-midway-password");
        collector.diagnostics.secret?.("changed-midway-password");
        changed = control(sandbox, "POST", "/password", {
          login: user.login,
          password: "changed-midway-password",
        }).then((reply) => expect(reply.status).toBe(200));
      }
    });
    const t0 = performance.now();
    // Give every worker time to load before any starts: their first calls race for the login.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const worker of started) worker.child.send("go");
    const results = await Promise.all(started.map((w) => w.result));
    await changed;
    const seconds = (performance.now() - t0) / 1000 - 3;

    const times = timesSince(0);
    const logins = countOf(sandbox, "authorize_user");
    const unauthorized = sandbox.requests.filter((r) => r.status === 401).length;
    console.log(
      `4 processes × 30 calls: ${results.map((r) => r.ok).join(" + ")} ok in ${seconds.toFixed(1)} s; ` +
        `${sandbox.stats().total} requests (${logins} logins, ${unauthorized} × 401, ` +
        `${sandbox.stats().rateLimited} × 429); busiest 1 s: ${busiestWindow(times, 1_000)}`,
    );
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(120);
    expect(logins).toBe(2);
    expect(sandbox.stats().rateLimited).toBe(0);
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(5);
  }, 90_000);

  it("a process killed while it holds the login lock blocks the others at most the lock's TTL", async () => {
    run++;
    const keyPrefix = `test-${run}:`;
    const holder = startWorker(
      { mode: "hold-lock", redisUrl: redis.url, keyPrefix, lockTtlMs: 2_000 },
      hooks(),
    );
    await holder.once("locked");
    holder.child.kill("SIGKILL");
    const killed = performance.now();
    const store = redisTokenStore({ url: redis.url, keyPrefix, lockTtlMs: 2_000 });
    let logins = 0;
    const token = "token-after-the-holder-died-0123456789";
    collector.diagnostics.secret?.(token);
    const got = await store.refresh(undefined, async () => {
      logins++;
      await store.set(token);
      return token;
    });
    const waited = performance.now() - killed;
    console.log(`lock holder killed: the next process logged in after ${waited.toFixed(0)} ms`);
    expect(got).toBe(token);
    expect(logins).toBe(1);
    expect(waited).toBeLessThan(2_000 + 500);
    expect(await store.get()).toBe(token);
    await store.close();
  }, 30_000);

  it("Redis killed and restarted mid-run: every call succeeds, ≤ 5/s, no 429", async () => {
    sandbox.reset();
    let done = 0;
    let outage: Promise<void> | undefined;
    const { started } = workers(3, 16, () => {
      if (++done === 16) {
        outage = (async () => {
          await redis.stop();
          collector.lines.push("test: redis stopped");
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          await redis.start();
        })();
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const worker of started) worker.child.send("go");
    const results = await Promise.all(started.map((w) => w.result));
    await outage;
    const times = timesSince(0);
    const logins = countOf(sandbox, "authorize_user");
    console.log(
      `Redis restarted mid-run: ${results.map((r) => r.ok).join(" + ")} ok; ${logins} logins ` +
        `(the restart lost the token); busiest 1 s: ${busiestWindow(times, 1_000)}; ` +
        `${sandbox.stats().rateLimited} × 429`,
    );
    if (process.env.REDIS_TEST_DEBUG) {
      const t = times[0]!;
      console.log(
        sandbox.requests
          .map((r) => `${Date.parse(r.time) - t} ${r.status} ${r.operationId}`)
          .join("\n"),
      );
      console.log(collector.lines.filter((l) => l.includes("redis")).join("\n"));
    }
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(48);
    expect(logins).toBeLessThanOrEqual(2); // the first, and one after Redis lost the token
    expect(sandbox.stats().rateLimited).toBe(0);
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(5);
  }, 90_000);
});
