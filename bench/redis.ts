/**
 * `npm run bench:redis` (about 2.5 minutes; separate from `npm run bench`, which it would lengthen
 * by half): the Redis rate limiter of `altegio-sdk-redis` (docs/redis.md).
 *
 * 1. 4 processes share one budget (redisRateLimiter + redisTokenStore on a redis-server started
 *    here) against the sandbox with the API's limit (5/s, 200/min, 429 beyond) for 2 minutes:
 *    requests per second in all (target ≥ 3.30), 429s (target 0), busiest 1 s / 60 s windows.
 * 2. The per-call cost of a slot (acquireSlot + done) from the Redis limiter against the in-process
 *    one, with limits too high to wait: wall time and this process's CPU time per slot.
 *
 * BENCH_REDIS_SECONDS shortens part 1 (default 120).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "altegio-sdk-sandbox";
import { createRateLimiter, type RateLimiter } from "../src/index.js";
import { redisRateLimiter } from "altegio-sdk-redis";
import { RedisServer, REDIS_SERVER, busiestWindow, startWorker } from "../test/redis/support.js";

const SECONDS = Number(process.env.BENCH_REDIS_SECONDS ?? 120);

async function shared(redis: RedisServer): Promise<void> {
  const sandbox = await startSandbox({
    rateLimit: { perSecond: 5, perMinute: 200 },
    seedDate: "2026-01-05",
  });
  const folder = mkdtempSync(join(tmpdir(), "altegio-bench-redis-"));
  try {
    const user = sandbox.users[0]!;
    const passwordFile = join(folder, "password");
    writeFileSync(passwordFile, user.password);
    const config = {
      mode: "calls",
      redisUrl: redis.url,
      keyPrefix: "bench:",
      baseUrl: sandbox.baseUrl,
      partnerToken: sandbox.partnerToken,
      login: user.login,
      passwordFile,
      calls: 0,
      concurrency: 4,
      lockTtlMs: 5_000,
      location: 41001,
      durationMs: SECONDS * 1_000,
    };
    const quiet = { onLine: () => undefined, onSecret: () => undefined };
    const workers = Array.from({ length: 4 }, () => startWorker(config, quiet));
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // let them load
    const from = sandbox.requests.length;
    const started = Date.now();
    for (const worker of workers) worker.child.send("go");
    const results = await Promise.all(workers.map((w) => w.result));
    const seconds = (Date.now() - started) / 1000;
    const log = sandbox.requests.slice(from);
    const times = log.map((r) => Date.parse(r.time));
    const ok = results.reduce((sum, r) => sum + r.ok, 0);
    const failures = results.flatMap((r) => r.failures);
    // Sustained rate: what the server saw during the run's SECONDS (calls still queued when the
    // workers stop starting new ones drain afterwards, at whatever the windows allow).
    const inRun = times.filter((t) => t < started + SECONDS * 1_000).length;
    const rate = inRun / SECONDS;
    console.log(`4 processes sharing one budget, ${seconds.toFixed(1)} s against the sandbox:`);
    console.log(
      `  ${inRun} requests in the first ${SECONDS} s (${log.length} with the drain), ` +
        `${rate.toFixed(3)} req/s in all (target ≥ 3.30): ` +
        `${rate >= 3.3 ? "met" : "NOT met"}; calls ok ${results.map((r) => r.ok).join(" + ")} = ${ok}`,
    );
    console.log(
      `  429s: ${sandbox.stats().rateLimited} (target 0); busiest 1 s / 60 s: ` +
        `${busiestWindow(times, 1_000)} / ${busiestWindow(times, 60_000)} (≤ 5 / ≤ 200); ` +
        `failures: ${failures.length}${failures.length ? ` (${failures[0]})` : ""}`,
    );
  } finally {
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function perSlot(
  limiter: RateLimiter,
  n: number,
): Promise<{ wallUs: number; cpuUs: number }> {
  for (let i = 0; i < 50; i++) (await limiter.acquireSlot!()).done(); // warm up
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) (await limiter.acquireSlot!()).done();
  const wallUs = ((performance.now() - t0) * 1000) / n;
  const used = process.cpuUsage(cpu);
  return { wallUs, cpuUs: (used.user + used.system) / n };
}

async function cost(redis: RedisServer): Promise<void> {
  const high = { perSecond: 1_000_000, perMinute: 1_000_000 };
  const local = createRateLimiter(high);
  const remote = redisRateLimiter({ url: redis.url, keyPrefix: "bench-cost:", ...high });
  await (await remote.acquireSlot()).done(); // past the fresh state's one-second hold
  const n = 2_000;
  const a = await perSlot(local, n);
  const b = await perSlot(remote, n);
  await remote.close();
  console.log(`per slot (acquireSlot + done, ${n} in a row, no waiting):`);
  console.log(`  in-process limiter: ${a.wallUs.toFixed(1)} µs wall, ${a.cpuUs.toFixed(1)} µs CPU`);
  console.log(
    `  Redis limiter:      ${b.wallUs.toFixed(1)} µs wall, ${b.cpuUs.toFixed(1)} µs CPU ` +
      `(one script round trip to a loopback Redis; done() is not awaited)`,
  );
  console.log(
    `  ratio: ${(b.wallUs / a.wallUs).toFixed(0)}× wall, ${(b.cpuUs / a.cpuUs).toFixed(0)}× CPU`,
  );
}

async function main(): Promise<void> {
  if (!REDIS_SERVER) {
    console.log("redis-server is not installed (Debian: apt-get install redis-server): skipped.");
    return;
  }
  const redis = await RedisServer.start();
  try {
    await shared(redis);
    await cost(redis);
  } finally {
    await redis.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
