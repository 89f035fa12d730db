/** The Redis connection of `altegio-sdk-redis`, every command bounded by `redisTimeoutMs`. */
import { Redis, type RedisOptions } from "ioredis";
import { AltegioError, type ErrorContext, type Logger } from "altegio-sdk";

/** Where to find Redis: a URL (`redis://127.0.0.1:6379`, `rediss://` for TLS) or your client. */
export type RedisConnection =
  | { url: string; client?: undefined; redisOptions?: RedisOptions }
  | { client: Redis; url?: undefined };

export interface RedisCommonOptions {
  /** Prefix of every key and channel; default `"altegio:"`. Sharers use the same one and `key`. */
  keyPrefix?: string;
  /** Names the shared budget or token under the prefix; default `"default"`. */
  key?: string;
  /** Longest wait for Redis (down, reconnecting) before `RedisUnavailableError`; default 10 s. */
  redisTimeoutMs?: number;
  /** Told (warn) when Redis goes away and comes back; never sees a token. */
  logger?: Pick<Logger, "warn"> | undefined;
}

/** Redis did not answer in time: nothing was sent to the API. `redis`: `host:port`, no password. */
export class RedisUnavailableError extends AltegioError {
  readonly redis: string;

  constructor(redis: string, what: string, context: ErrorContext = {}, cause?: unknown) {
    super(
      "redis_unavailable",
      `Redis at ${redis} did not answer (${what}); nothing was sent to the API. ` +
        "Check that the Redis server is running and reachable.",
      context,
      cause === undefined ? undefined : { cause },
    );
    this.redis = redis;
  }
}

/** Ours queue commands while ioredis reconnects (every 50–500 ms); `run` bounds the wait. */
const OWNED: RedisOptions = {
  maxRetriesPerRequest: null,
  enableOfflineQueue: true,
  retryStrategy: (times) => Math.min(times * 50, 500),
};

/** The connection of one kind of shared state (`rate`, `session`): opened from `url`, or yours. */
export function connect(options: RedisConnection & RedisCommonOptions, kind: string) {
  if (!options.client && typeof options.url !== "string") {
    throw new TypeError("altegio-sdk-redis needs { url } or { client } (an ioredis client).");
  }
  const client = options.client ?? new Redis(options.url, { ...OWNED, ...options.redisOptions });
  const { host, port, path } = client.options;
  const name = path ? String(path) : `${host ?? "127.0.0.1"}:${port ?? 6379}`;
  const timeoutMs = options.redisTimeoutMs ?? 10_000;
  // The hash tag keeps every key of one budget or token in one slot (Redis Cluster).
  const base = `${options.keyPrefix ?? "altegio:"}${kind}:{${options.key ?? "default"}}`;
  const extra: Redis[] = [];
  let down = false;
  const warn = (state: string, data = {}) =>
    options.logger?.warn?.(`altegio-sdk-redis: Redis at ${name} is ${state}`, data);
  /** Warns once when Redis goes away and once when it is back; keeps ioredis from printing. */
  const watch = (redis: Redis) =>
    redis
      .on("error", (error: unknown) => {
        if (!down) warn("unreachable", { error: firstLine(error) });
        down = true;
      })
      .on("ready", () => {
        if (down) warn("back");
        down = false;
      });
  watch(client);

  return {
    client,
    /** `host:port` of the server, for messages (no credentials). */
    name,
    key: (suffix: string) => `${base}:${suffix}`,

    /** Runs a command; `RedisUnavailableError` when it fails or Redis takes too long. */
    run<T>(what: string, command: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const fail = (why: string, cause?: unknown) =>
          reject(new RedisUnavailableError(name, what + why, {}, cause));
        const timer = setTimeout(() => fail(`: no answer in ${timeoutMs} ms`), timeoutMs);
        command()
          .then(resolve, (error: unknown) => fail(` failed: ${firstLine(error)}`, error))
          .finally(() => clearTimeout(timer));
      });
    },

    /** A Lua script, defined once and sent by its SHA. */
    script(command: string, numberOfKeys: number, lua: string) {
      client.defineCommand(command, { numberOfKeys, lua });
      const commands = client as unknown as Record<
        string,
        (...args: unknown[]) => Promise<unknown>
      >;
      return (...args: (string | number)[]) => commands[command]!(...args);
    },

    /** Another connection to the server (pub/sub needs its own); closed by `close()`. */
    duplicate(): Redis {
      const copy = client.duplicate(options.client ? OWNED : {});
      extra.push(copy);
      return watch(copy);
    },

    /** Closes the connections opened here; a client you passed stays open (it is yours). */
    async close(): Promise<void> {
      const all = [...extra.splice(0), ...(options.client ? [] : [client])];
      await Promise.all(all.map(closeOne));
    },
  };
}

/** QUIT when Redis answers (within a second), else drop the connection: never waits for Redis. */
async function closeOne(client: Redis): Promise<void> {
  if (client.status === "ready") {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, 1_000))),
    ]);
    clearTimeout(timer);
  }
  if (client.status !== "end") client.disconnect();
}

/** An error's first line (ioredis can append command details, arguments included). */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
}
