/**
 * One worker process of the Redis tests (started by test/redis/*.test.ts with `tsx`): an SDK client
 * on the shared Redis rate limiter and token store, calling the sandbox. It tells the parent over
 * IPC what the suite's secrets scan needs (every secret the SDK handled, every error and log line),
 * since the scan (a vitest setup file) runs in the parent only.
 *
 * WORKER (JSON): { mode: "calls" | "hold-lock", redisUrl, keyPrefix, baseUrl, partnerToken, login,
 *   passwordFile, calls, concurrency, lockTtlMs }
 */
import { readFileSync } from "node:fs";
import { format } from "node:util";
import { createAltegioClient, type Logger } from "../../src/index.js";
import { redisRateLimiter, redisTokenStore } from "altegio-sdk-redis";

interface Config {
  mode: "calls" | "hold-lock";
  redisUrl: string;
  keyPrefix: string;
  baseUrl: string;
  partnerToken: string;
  login: string;
  passwordFile: string;
  calls: number;
  concurrency: number;
  lockTtlMs: number;
  location: number;
  /** When given (the bench), calls go on until this many ms have passed, `calls` ignored. */
  durationMs?: number;
}

const config = JSON.parse(process.env.WORKER!) as Config;
const send = (message: unknown) => process.send?.(message);

// Everything the secrets scan looks at, forwarded to the parent.
(globalThis as Record<symbol, unknown>)[Symbol.for("altegio-sdk.diagnostics")] = {
  secret: (value: string) => send({ secret: value }),
  error: (error: Error) => send({ line: `${String(error)}\n${error.stack ?? ""}\n${json(error)}` }),
  log: (level: string, message: string, data: unknown) =>
    send({ line: `logger.${level}: ${message} ${json(data)}` }),
};
const logger: Logger = {
  warn: (message, data) => send({ line: `logger.warn: ${message} ${json(data)}` }),
  error: (message, data) => send({ line: `logger.error: ${message} ${json(data)}` }),
};

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

async function main(): Promise<void> {
  const common = { url: config.redisUrl, keyPrefix: config.keyPrefix, logger };
  const tokenStore = redisTokenStore({ ...common, lockTtlMs: config.lockTtlMs });
  if (config.mode === "hold-lock") {
    // Takes the login lock and never finishes the login: the parent kills this process.
    await tokenStore.refresh(undefined, () => {
      send({ locked: true });
      return new Promise<string>(() => undefined);
    });
    return;
  }
  const rateLimit = redisRateLimiter(common);
  const altegio = createAltegioClient({
    baseUrl: config.baseUrl,
    partnerToken: config.partnerToken,
    credentials: () => ({
      login: config.login,
      password: readFileSync(config.passwordFile, "utf8").trim(),
    }),
    rateLimit,
    tokenStore,
    logger,
  });
  await new Promise<void>((go) => process.once("message", () => go()));
  let next = 0;
  let ok = 0;
  const failures: string[] = [];
  const until = config.durationMs === undefined ? Infinity : Date.now() + config.durationMs;
  const more = () => (until === Infinity ? next < config.calls : Date.now() < until);
  const run = async () => {
    while (more()) {
      const id = 90_001 + (next++ % 30); // the sandbox seeds 30 such clients per run
      try {
        const client = await altegio.clients.get({ location_id: config.location, id });
        if (client.id === id) ok++;
        else failures.push(`client ${id}: got ${client.id}`);
      } catch (error) {
        failures.push(format("%s", error instanceof Error ? error.message : error));
      }
      send({ progress: 1 });
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, run));
  await Promise.all([rateLimit.close(), tokenStore.close()]);
  send({ result: { ok, failures } });
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    send({ line: `worker failed: ${error instanceof Error ? error.stack : String(error)}` });
    send({ result: { ok: 0, failures: [String(error)] } });
    process.disconnect?.();
  },
);
