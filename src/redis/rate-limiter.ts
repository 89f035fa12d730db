/**
 * `redisRateLimiter`: one rate budget (by default the API's 5 requests per sliding second and 200
 * per sliding minute) shared by every process that names the same Redis, prefix and key.
 *
 * The same algorithm as the built-in limiter (src/plugins/rate-limit.ts), with its state in Redis
 * and the decision in one Lua script, atomically, on Redis's clock:
 *
 * - `log`: a sorted set of the times slots were counted (member: the slot's id);
 * - `inflight`: slots granted and not yet done (score: when their lease ends); each counts in every
 *   window until `done()`, then at the time of `done()`; a slot whose process died counts from its
 *   lease's end;
 * - `queue` + `deadlines`: one ticket per waiting process, in arrival order (FIFO across
 *   processes); only the first ticket may take a slot; a ticket not renewed in time (its process
 *   died) is dropped;
 * - `state`: `paused` (a 429 holds everyone; a fresh state — first use, or Redis lost its data —
 *   holds everyone for one short window, since the requests of the last second are unknown).
 *
 * Within a process, callers wait in a local FIFO queue whose head holds the process's ticket; after
 * each grant the process takes a new ticket at the back, so processes take turns.
 *
 * Why a script and not a library: rate-limiter-flexible (and the other Redis limiters) count fixed
 * windows or token buckets, and one limit per key; the API counts sliding windows, two of them at
 * once, and a slot must count from its grant to its answer. See docs/redis.md.
 */
import {
  AbortedError,
  AltegioError,
  QueueFullError,
  type ErrorContext,
  type RateLimiter,
  type RateLimitSlot,
} from "altegio-sdk";
import {
  Connection,
  DEFAULT_REDIS_TIMEOUT_MS,
  RedisUnavailableError,
  keyBase,
  sleep,
  type RedisCommonOptions,
  type RedisConnection,
} from "./connection.js";

export type RedisRateLimiterOptions = RedisConnection &
  RedisCommonOptions & {
    /** Requests per sliding second; default 5. */
    perSecond?: number;
    /** Requests per sliding minute; default 200. */
    perMinute?: number;
    /** Added to each window, in ms, against clock granularity; default 50. */
    safetyMarginMs?: number;
    /** Most callers allowed to wait in this process; default 10,000. */
    maxQueue?: number;
    /**
     * How long a granted slot may stay in flight before it counts anyway (its process may have
     * died); default 35,000 ms: longer than the default attempt timeout (30 s).
     */
    slotLeaseMs?: number;
    /** A waiting process renews its place in line this often at least; default 500 ms. */
    ticketRenewMs?: number;
  };

/** A `RateLimiter` whose budget lives in Redis; `close()` ends the connection it opened. */
export interface RedisRateLimiter extends RateLimiter {
  acquireSlot(signal?: AbortSignal, context?: ErrorContext): Promise<RateLimitSlot>;
  pause(ms: number): void;
  /** Closes the connection opened from `url` (a client you passed stays open). */
  close(): Promise<void>;
}

const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local log, inflight, queue, deadlines, seq, state = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local ticket, slot = ARGV[1], ARGV[2]
local lease, ticketTtl, freshPause, keyTtl = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local n = tonumber(ARGV[7])
local paused = tonumber(redis.call('HGET', state, 'paused') or '0')
if redis.call('EXISTS', state) == 0 then
  paused = now + freshPause
  redis.call('HSET', state, 'paused', paused)
end
redis.call('PEXPIRE', state, keyTtl)
local dead = redis.call('ZRANGEBYSCORE', deadlines, '-inf', now)
for _, m in ipairs(dead) do
  redis.call('ZREM', queue, m)
  redis.call('ZREM', deadlines, m)
end
local expired = redis.call('ZRANGEBYSCORE', inflight, '-inf', now, 'WITHSCORES')
for i = 1, #expired, 2 do
  redis.call('ZADD', log, expired[i + 1], expired[i])
  redis.call('ZREM', inflight, expired[i])
end
if not redis.call('ZSCORE', queue, ticket) then
  redis.call('ZADD', queue, redis.call('INCR', seq), ticket)
end
redis.call('ZADD', deadlines, now + ticketTtl, ticket)
local longest = 0
local at = paused
local busy = redis.call('ZCARD', inflight)
for i = 0, n - 1 do
  local limit, len = tonumber(ARGV[8 + 2 * i]), tonumber(ARGV[9 + 2 * i])
  if len > longest then longest = len end
  local room = limit - busy
  if room <= 0 then
    at = -1
    break
  end
  local nth = redis.call('ZREVRANGE', log, room - 1, room - 1, 'WITHSCORES')
  if nth[2] and tonumber(nth[2]) + len > at then at = tonumber(nth[2]) + len end
end
redis.call('ZREMRANGEBYSCORE', log, '-inf', now - longest - 1000)
for _, k in ipairs({log, inflight, queue, deadlines, seq}) do redis.call('PEXPIRE', k, keyTtl) end
local head = redis.call('ZRANGE', queue, 0, 0)[1]
if head == ticket and at ~= -1 and at <= now then
  redis.call('ZREM', queue, ticket)
  redis.call('ZREM', deadlines, ticket)
  redis.call('ZADD', inflight, now + lease, slot)
  return {1, now, now}
end
if head == ticket then return {0, at, now} end
return {2, at, now}
`;

const DONE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] == '1' then
  redis.call('ZADD', KEYS[2], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[3]))
end
return now
`;

const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if until_ > paused then redis.call('HSET', KEYS[1], 'paused', until_) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
for i = 3, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end
if #ARGV > 2 then redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2])) end
return now
`;

interface Waiter {
  resolve(slot: RateLimitSlot): void;
  reject(error: unknown): void;
  unlisten: (() => void) | undefined;
  context: ErrorContext;
}

type Commands = {
  altegioAcquire(...args: (string | number)[]): Promise<[number, number, number]>;
  altegioDone(...args: (string | number)[]): Promise<number>;
  altegioPause(...args: (string | number)[]): Promise<number>;
};

export function redisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const perSecond = positive("perSecond", options.perSecond ?? 5);
  const perMinute = positive("perMinute", options.perMinute ?? 200);
  const margin = options.safetyMarginMs ?? 50;
  const maxQueue = options.maxQueue ?? 10_000;
  const lease = options.slotLeaseMs ?? 35_000;
  const renewMs = options.ticketRenewMs ?? 500;
  const ticketTtl = renewMs * 4;
  const windows = [
    [perSecond, 1_000 + margin],
    [perMinute, 60_000 + margin],
  ] as const;
  const shortest = 1_000 + margin;
  const longest = 60_000 + margin;
  const keyTtl = longest + lease + 60_000;
  const connection = new Connection(
    options,
    options.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
    options.logger,
  );
  const redis = connection.client as typeof connection.client & Commands;
  redis.defineCommand("altegioAcquire", { numberOfKeys: 6, lua: ACQUIRE });
  redis.defineCommand("altegioDone", { numberOfKeys: 2, lua: DONE });
  redis.defineCommand("altegioPause", { numberOfKeys: 2, lua: PAUSE });
  const base = keyBase(options, "rate");
  const keys = ["log", "inflight", "queue", "deadlines", "seq", "state"].map((k) => `${base}:${k}`);
  const [logKey, , , , , stateKey] = keys as [string, string, string, string, string, string];
  const windowArgs = windows.flatMap(([limit, length]) => [limit, length]);

  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  let ticketNumber = 0;
  let slotNumber = 0;
  const queue: Waiter[] = [];
  let pumping = false;
  let holdsTicket = false;
  /** Slots this process counted, Redis time → id, for the last minute: restored into a Redis that lost them. */
  const history = new Map<string, number>();
  let connectedOnce = false;

  redis.on("ready", () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    // Back after a disconnect (a restart may have lost the log): hold everyone for one short
    // window and put back what this process counted in the last minute.
    const args: (string | number)[] = [shortest, keyTtl];
    for (const [slot, at] of history) args.push(at, slot);
    connection
      .run("restore the rate-limit log", () => redis.altegioPause(stateKey, logKey, ...args))
      .catch(() => undefined);
  });
  // `ready` fires on the first connect too; a client passed in ready already counts as that.
  if (redis.status === "ready") connectedOnce = true;

  function remember(slot: string, at: number): void {
    history.set(slot, at);
    for (const [key, time] of history) {
      if (time >= at - longest) break;
      history.delete(key);
    }
  }

  function makeSlot(slotId: string): RateLimitSlot {
    let open = true;
    return {
      done(sent = true) {
        if (!open) return;
        open = false;
        connection
          .run("count a slot", () =>
            redis.altegioDone(keys[1]!, logKey, slotId, sent ? "1" : "0", keyTtl),
          )
          .then(
            (at) => {
              if (sent) remember(slotId, Number(at));
            },
            (error: unknown) => {
              // The slot's lease makes it count anyway.
              options.logger?.warn?.("altegio-sdk/redis: could not count a rate-limit slot", {
                error: (error as Error).message,
              });
            },
          );
      },
    };
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const ticket = `${id}:${ticketNumber}`;
        const slotId = `${id}:s${slotNumber}`;
        holdsTicket = true;
        let answer: [number, number, number];
        try {
          answer = await connection.run(
            "take a rate-limit slot",
            () =>
              redis.altegioAcquire(
                ...keys,
                ticket,
                slotId,
                lease,
                ticketTtl,
                shortest,
                keyTtl,
                windows.length,
                ...windowArgs,
              ),
            queue[0]?.context,
          );
        } catch (error) {
          // Redis did not answer: fail everyone waiting here; nothing is sent without the budget.
          for (const waiter of queue.splice(0)) {
            waiter.unlisten?.();
            waiter.reject(
              error instanceof RedisUnavailableError
                ? new RedisUnavailableError(
                    connection.name,
                    "take a rate-limit slot",
                    waiter.context,
                    error,
                  )
                : error,
            );
          }
          holdsTicket = false;
          break;
        }
        const [granted, at, now] = answer.map(Number) as [number, number, number];
        if (granted === 1) {
          holdsTicket = false;
          ticketNumber++;
          slotNumber++;
          const waiter = queue.shift();
          const slot = makeSlot(slotId);
          if (waiter) {
            waiter.unlisten?.();
            waiter.resolve(slot);
          } else slot.done(false);
          continue;
        }
        // First in line: wait until the slot frees (or a done() may free one: poll). Behind
        // another process: poll until it has taken its slot.
        let wait = at === -1 ? 25 : Math.max(at - now, granted === 2 ? 10 : 1);
        wait = Math.min(wait, renewMs);
        await sleep(wait);
      }
    } finally {
      pumping = false;
      if (holdsTicket && queue.length === 0) {
        holdsTicket = false;
        const ticket = `${id}:${ticketNumber}`;
        ticketNumber++;
        connection
          .run("leave the rate-limit queue", () =>
            redis.multi().zrem(keys[2]!, ticket).zrem(keys[3]!, ticket).exec(),
          )
          .catch(() => undefined);
      }
      if (queue.length > 0) void pump();
    }
  }

  function acquireSlot(signal?: AbortSignal, context: ErrorContext = {}): Promise<RateLimitSlot> {
    if (signal?.aborted) return Promise.reject(reasonOf(signal, context));
    if (queue.length >= maxQueue) return Promise.reject(new QueueFullError(maxQueue, context));
    return new Promise<RateLimitSlot>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, unlisten: undefined, context };
      if (signal) {
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(reasonOf(signal, context));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.unlisten = () => signal.removeEventListener("abort", onAbort);
      }
      queue.push(waiter);
      void pump();
    });
  }

  return {
    acquireSlot,
    async acquire(signal, context) {
      (await acquireSlot(signal, context)).done(true);
    },
    pause(ms) {
      if (!(ms > 0)) return;
      connection
        .run("pause the rate limit", () => redis.altegioPause(stateKey, logKey, ms, keyTtl))
        .catch(() => undefined);
    },
    close: () => connection.close(),
  };
}

/** The signal's reason if it is an SDK error (a total timeout), else an `AbortedError`. */
function reasonOf(signal: AbortSignal, context: ErrorContext): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof AltegioError) return reason;
  return new AbortedError("The call was aborted by its signal.", context, { cause: reason });
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`${name} must be an integer >= 1; got ${value}.`);
  }
  return value;
}
