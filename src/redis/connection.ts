/**
 * The Redis connection of `altegio-sdk/redis`: one opened from `{ url }` (and closed by `close()`)
 * or a client the caller passed (never closed by us), every command bounded in time, and the one
 * error everything here throws when Redis does not answer: `RedisUnavailableError`.
 */
import { Redis, type RedisOptions } from "ioredis";
import { AltegioError, type ErrorContext, type Logger } from "altegio-sdk";

/** Where to find Redis: a URL (`redis://127.0.0.1:6379`, `rediss://` for TLS) or your client. */
export type RedisConnection =
  | { url: string; client?: undefined; redisOptions?: RedisOptions }
  | { client: Redis; url?: undefined };

export interface RedisCommonOptions {
  /**
   * Prefix of every key and channel; default `"altegio:"`. Processes that should share a budget
   * or a token name the same Redis and the same prefix (and `key`).
   */
  keyPrefix?: string;
  /** Names the shared budget or token under the prefix; default `"default"`. */
  key?: string;
  /**
   * How long a command may wait for Redis (while it is down or reconnecting) before the call fails
   * with `RedisUnavailableError`; default 10,000 ms.
   */
  redisTimeoutMs?: number;
  /** Told (warn) when Redis goes away and comes back; never sees a token. */
  logger?: Pick<Logger, "warn"> | undefined;
}

/**
 * Redis did not answer in time (down, unreachable, refusing): nothing was sent to the API for the
 * call that needed it. `redis` names the server (`host:port`, never a password).
 */
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

export const DEFAULT_KEY_PREFIX = "altegio:";
export const DEFAULT_REDIS_TIMEOUT_MS = 10_000;

/** A Redis connection as the limiter and the token store use it. */
export class Connection {
  readonly client: Redis;
  /** `host:port` of the server, for messages (no credentials). */
  readonly name: string;
  private readonly owned: boolean;
  private readonly extra: Redis[] = [];
  private down = false;

  constructor(
    connection: RedisConnection,
    readonly timeoutMs: number,
    private readonly logger: Pick<Logger, "warn"> | undefined,
  ) {
    if (connection.client) {
      this.client = connection.client;
      this.owned = false;
    } else if (typeof connection.url === "string") {
      this.client = new Redis(connection.url, { ...OWNED_DEFAULTS, ...connection.redisOptions });
      this.owned = true;
    } else {
      throw new TypeError("altegio-sdk/redis needs { url } or { client } (an ioredis client).");
    }
    const { host, port, path } = this.client.options;
    this.name = path ? String(path) : `${host ?? "127.0.0.1"}:${port ?? 6379}`;
    this.watch(this.client);
  }

  /** Another connection to the same server (pub/sub needs one of its own); closed by `close()`. */
  duplicate(): Redis {
    const copy = this.client.duplicate(this.owned ? {} : OWNED_DEFAULTS);
    this.extra.push(copy);
    this.watch(copy);
    return copy;
  }

  /** Reports Redis going away and coming back, once each; keeps ioredis from printing errors. */
  private watch(client: Redis): void {
    client.on("error", (error: unknown) => {
      if (this.down) return;
      this.down = true;
      this.logger?.warn?.(`altegio-sdk/redis: Redis at ${this.name} is unreachable`, {
        error: error instanceof Error ? error.message : String(error),
      });
    });
    client.on("ready", () => {
      if (!this.down) return;
      this.down = false;
      this.logger?.warn?.(`altegio-sdk/redis: Redis at ${this.name} is back`, {});
    });
  }

  /** Runs a command, failing with `RedisUnavailableError` when Redis takes longer than allowed. */
  run<T>(what: string, command: () => Promise<T>, context?: ErrorContext): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new RedisUnavailableError(
              this.name,
              `${what}: no answer in ${this.timeoutMs} ms`,
              context,
            ),
          ),
        this.timeoutMs,
      );
      command().then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(
            new RedisUnavailableError(
              this.name,
              `${what} failed: ${messageOf(error)}`,
              context,
              error,
            ),
          );
        },
      );
    });
  }

  /** Closes the connections opened here; a client you passed stays open (it is yours). */
  async close(): Promise<void> {
    const all = [...this.extra, ...(this.owned ? [this.client] : [])];
    this.extra.length = 0;
    await Promise.all(all.map(closeOne));
  }
}

/** QUIT when Redis answers (within a second), else drop the connection: never waits for Redis. */
async function closeOne(client: Redis): Promise<void> {
  if (client.status === "end") return;
  if (client.status !== "ready") return client.disconnect();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    client.quit().catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000))),
  ]);
  clearTimeout(timer);
  if ((client.status as string) !== "end") client.disconnect();
}

/**
 * Connections opened here: commands wait (in ioredis's offline queue) while Redis reconnects, and
 * `run` bounds that wait; reconnection is retried every 50–500 ms, for ever.
 */
const OWNED_DEFAULTS: RedisOptions = {
  maxRetriesPerRequest: null,
  enableOfflineQueue: true,
  retryStrategy: (times) => Math.min(times * 50, 500),
};

/** An error's message without anything after a newline (ioredis can append command details). */
function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.slice(0, 200);
}

export function keyBase(options: RedisCommonOptions, kind: string): string {
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const key = options.key ?? "default";
  // The hash tag keeps every key of one budget or token in one slot (Redis Cluster).
  return `${prefix}${kind}:{${key}}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
