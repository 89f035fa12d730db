/**
 * Several processes, one rate budget and one session: starts N worker processes (this script
 * again), each with its own client on the shared Redis limiter and token store, all reading the
 * same location. Together they stay within the API's 5/s and 200/min, and log in once.
 *
 *   apt-get install redis-server && redis-server --port 6379 --save "" &   # or any Redis
 *   npm run sandbox                                # a local API (prints its URL and credentials)
 *   ALTEGIO_BASE_URL=http://127.0.0.1:4010/api/v1 ALTEGIO_PARTNER_TOKEN=... \
 *   ALTEGIO_LOGIN=... ALTEGIO_PASSWORD=... ALTEGIO_LOCATION_ID=41001 \
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/workers.ts 4 10
 *
 * Arguments: how many workers (default 4), calls per worker (default 10).
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createAltegioClient } from "../src/index.js";
import { redisRateLimiter, redisTokenStore } from "altegio-sdk-redis";
import { idFromEnv, requireEnv, run } from "./env.js";

const workers = Number(process.argv[2] ?? 4);
const calls = Number(process.argv[3] ?? 10);
const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function worker(index: number): Promise<void> {
  // Every process names the same Redis and key prefix: one budget, one token.
  const rateLimit = redisRateLimiter({ url, keyPrefix: "altegio-example:" });
  const tokenStore = redisTokenStore({ url, keyPrefix: "altegio-example:" });
  const altegio = createAltegioClient({
    partnerToken: requireEnv("ALTEGIO_PARTNER_TOKEN"),
    ...(process.env.ALTEGIO_BASE_URL ? { baseUrl: process.env.ALTEGIO_BASE_URL } : {}),
    credentials: { login: requireEnv("ALTEGIO_LOGIN"), password: requireEnv("ALTEGIO_PASSWORD") },
    rateLimit,
    tokenStore,
  });
  const location_id = idFromEnv("ALTEGIO_LOCATION_ID");
  try {
    for (let i = 0; i < calls; i++) {
      const location = await altegio.locations.get({ location_id });
      console.log(`worker ${index}: call ${i + 1} → ${location.title ?? location.id}`);
    }
  } finally {
    await Promise.all([rateLimit.close(), tokenStore.close()]); // else the connections keep us alive
  }
}

run(async () => {
  const index = process.env.WORKER_INDEX;
  if (index !== undefined) return worker(Number(index));
  const started = performance.now();
  const exits = Array.from({ length: workers }, (_, i) => {
    const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), {
      env: { ...process.env, WORKER_INDEX: String(i + 1) },
      execArgv: ["--import", "tsx"],
    });
    return new Promise<number>((done) => child.on("exit", (code) => done(code ?? 1)));
  });
  const codes = await Promise.all(exits);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${workers} workers × ${calls} calls in ${seconds.toFixed(1)} s`);
  if (codes.some((code) => code !== 0)) process.exitCode = 1;
});
