/**
 * `redisRateLimiter`: the built-in limiter's algorithm with its state in Redis, decided atomically
 * by one Lua script on Redis's clock, so every process naming the same Redis, prefix and key shares
 * one budget (docs/redis.md: the keys, and why no library). Within a process callers wait in a
 * local FIFO whose head holds the process's ticket in the Redis queue; after each grant the process
 * takes a new ticket at the back, so processes take turns.
 */
import {
  AbortedError,
  AltegioError,
  createRateLimiter,
  QueueFullError,
  type ErrorContext,
  type RateLimiter,
  type RateLimitOptions,
  type RateLimitSlot,
} from "altegio-sdk";
import {
  connect,
  RedisUnavailableError,
  type RedisCommonOptions,
  type RedisConnection,
} from "./connection.js";

export type RedisRateLimiterOptions = RedisConnection &
  RedisCommonOptions &
  Pick<RateLimitOptions, "perSecond" | "perMinute" | "safetyMarginMs" | "maxQueue"> & {
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

/** Redis's clock in ms, as `now`. */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * KEYS: log (slot → time counted), inflight (slot → lease end: a dead process's slot counts from
 * then), queue + deadlines (ticket → arrival number, renewal deadline), state (`paused` until),
 * seq (the last arrival number).
 * Returns {1 granted | 0 first in line | 2 behind another process, when free (-1: slots in flight
 * fill a window, a done() frees one), now}. A fresh state holds everyone one short window, since
 * the last second's requests are unknown.
 */
const ACQUIRE = `${NOW}
local log, inflight, queue, deadlines, state, seq = unpack(KEYS)
local ticket, slot, lease, ticketTtl = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local freshPause, keyTtl, n = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local at = tonumber(redis.call('HGET', state, 'paused') or '0')
if redis.call('EXISTS', state) == 0 then
  at = now + freshPause
  redis.call('HSET', state, 'paused', at)
end
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', deadlines, '-inf', now)) do
  redis.call('ZREM', queue, dead)
  redis.call('ZREM', deadlines, dead)
end
local expired = redis.call('ZRANGEBYSCORE', inflight, '-inf', now, 'WITHSCORES')
for i = 1, #expired, 2 do
  redis.call('ZADD', log, expired[i + 1], expired[i])
  redis.call('ZREM', inflight, expired[i])
end
-- Ranked by a counter, not a clock: every process (and SDK version) sharing the queue agrees.
if not redis.call('ZSCORE', queue, ticket) then
  redis.call('ZADD', queue, redis.call('INCR', seq), ticket)
end
redis.call('ZADD', deadlines, now + ticketTtl, ticket)
local longest, busy = 0, redis.call('ZCARD', inflight)
for i = 0, n - 1 do
  local room, len = tonumber(ARGV[8 + 2 * i]) - busy, tonumber(ARGV[9 + 2 * i])
  if len > longest then longest = len end
  if room <= 0 then
    at = -1
    break
  end
  local nth = redis.call('ZREVRANGE', log, room - 1, room - 1, 'WITHSCORES')[2]
  if nth and tonumber(nth) + len > at then at = tonumber(nth) + len end
end
local granted = 2
if redis.call('ZRANGE', queue, 0, 0)[1] == ticket then
  granted = 0
  if at ~= -1 and at <= now then
    granted, at = 1, now
    redis.call('ZREM', queue, ticket)
    redis.call('ZREM', deadlines, ticket)
    redis.call('ZADD', inflight, now + lease, slot)
  end
end
redis.call('ZREMRANGEBYSCORE', log, '-inf', now - longest - 1000)
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, keyTtl) end
return {granted, at, now}
`;

/** KEYS: inflight, log. ARGV: slot, sent ('1' counts it now), key TTL. */
const DONE = `${NOW}
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] == '1' then
  redis.call('ZADD', KEYS[2], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return now
`;

/** KEYS: state, log. ARGV: ms, key TTL, then (time, slot) pairs to put back into the log. */
const PAUSE = `${NOW}
local until_ = now + tonumber(ARGV[1])
if until_ > tonumber(redis.call('HGET', KEYS[1], 'paused') or '0') then
  redis.call('HSET', KEYS[1], 'paused', until_)
end
for i = 3, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ARGV[2]) end
return now
`;

interface Waiter {
  resolve(slot: RateLimitSlot): void;
  reject(error: unknown): void;
  context: ErrorContext;
  unlisten?: () => void;
}

export function redisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  createRateLimiter(options); // checks the options shared with the built-in limiter, as it does
  const { perSecond = 5, perMinute = 200, safetyMarginMs = 50, maxQueue = 10_000 } = options;
  const lease = options.slotLeaseMs ?? 35_000;
  const renewMs = options.ticketRenewMs ?? 500;
  const shortest = 1_000 + safetyMarginMs;
  const longest = 60_000 + safetyMarginMs;
  const keyTtl = longest + lease + 60_000;
  const windows: number[] = []; // (limit, length) pairs for the script
  if (perSecond !== Infinity) windows.push(perSecond, shortest);
  if (perMinute !== Infinity) windows.push(perMinute, longest);
  const connection = connect(options, "rate");
  const { key, client } = connection;
  const keys = [
    key("log"),
    key("inflight"),
    key("queue"),
    key("deadlines"),
    key("state"),
    key("seq"),
  ] as const;
  const [log, inflight, queued, , state] = keys;
  const acquire = connection.script("altegioAcquire", keys.length, ACQUIRE);
  const count = connection.script("altegioDone", 2, DONE);
  const pause = connection.script("altegioPause", 2, PAUSE);

  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  let turn = 0; // numbers this process's tickets and slots
  const queue: Waiter[] = [];
  let pumping = false;
  /** This process's slots of the last minute (id → Redis time), for a Redis that lost them. */
  const history = new Map<string, number>();

  // Back after a disconnect (a restart may have lost the log): hold everyone for one short window
  // and put back what this process counted in the last minute.
  const onReconnect = () => {
    const args = [state, log, shortest, keyTtl, ...[...history].flatMap(([s, at]) => [at, s])];
    connection.run("restore the rate-limit log", () => pause(...args)).catch(() => undefined);
  };
  if (client.status === "ready") client.on("ready", onReconnect);
  else client.once("ready", () => client.on("ready", onReconnect)); // the first connect is not one

  function makeSlot(slot: string): RateLimitSlot {
    let open = true;
    return {
      done(sent = true) {
        if (!open) return;
        open = false;
        const args = [inflight, log, slot, sent ? "1" : "0", keyTtl];
        const counted = connection.run("count a slot", () => count(...args));
        counted.then(
          (at) => {
            if (!sent) return;
            history.set(slot, Number(at));
            for (const [old, time] of history) {
              if (time >= Number(at) - longest) break;
              history.delete(old);
            }
          },
          (error: unknown) => {
            // The slot's lease makes it count anyway.
            const warning = "altegio-sdk-redis: could not count a rate-limit slot";
            options.logger?.warn?.(warning, { error: (error as Error).message });
          },
        );
      },
    };
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    let holdsTicket = false;
    try {
      while (queue.length > 0) {
        const slot = `${id}:s${turn}`;
        const args = [...keys, `${id}:${turn}`, slot, lease, renewMs * 4, shortest, keyTtl];
        holdsTicket = true;
        const answer = await connection.run("take a rate-limit slot", () =>
          acquire(...args, windows.length / 2, ...windows),
        );
        const [granted, at, now] = (answer as unknown[]).map(Number) as [number, number, number];
        if (granted === 1) {
          holdsTicket = false;
          turn++;
          const waiter = queue.shift();
          waiter?.unlisten?.();
          if (waiter) waiter.resolve(makeSlot(slot));
          else makeSlot(slot).done(false); // its caller left meanwhile
          continue;
        }
        // First in line: until the slot frees, or poll for a done(); behind another process: poll.
        const wait = at === -1 ? 25 : Math.max(at - now, granted === 2 ? 10 : 1);
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, renewMs)));
      }
    } catch (error) {
      // Redis did not answer: fail everyone waiting here; nothing is sent without the budget.
      holdsTicket = false;
      const what = "take a rate-limit slot";
      for (const waiter of queue.splice(0)) {
        waiter.unlisten?.();
        waiter.reject(new RedisUnavailableError(connection.name, what, waiter.context, error));
      }
    } finally {
      pumping = false;
      if (holdsTicket) {
        const ticket = `${id}:${turn++}`; // its deadline goes with the next look at the queue
        const leave = () => client.zrem(queued, ticket);
        connection.run("leave the rate-limit queue", leave).catch(() => undefined);
      }
    }
  }

  function acquireSlot(signal?: AbortSignal, context: ErrorContext = {}): Promise<RateLimitSlot> {
    if (signal?.aborted) return Promise.reject(reasonOf(signal, context));
    if (queue.length >= maxQueue) return Promise.reject(new QueueFullError(maxQueue, context));
    return new Promise<RateLimitSlot>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, context };
      if (signal) {
        const abort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(reasonOf(signal, context));
        };
        signal.addEventListener("abort", abort, { once: true });
        waiter.unlisten = () => signal.removeEventListener("abort", abort);
      }
      queue.push(waiter);
      void pump();
    });
  }

  return {
    acquireSlot,
    acquire: (signal, context) => acquireSlot(signal, context).then((slot) => slot.done()),
    pause(ms) {
      if (!(ms > 0)) return;
      const run = () => pause(state, log, ms, keyTtl);
      connection.run("pause the rate limit", run).catch(() => undefined);
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
