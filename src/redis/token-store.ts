/**
 * `redisTokenStore`: the user token in one Redis key, shared by every process that names the same
 * Redis, prefix and key, with cross-process single-flight login (`refresh`):
 *
 * - `token`: the user token (a credential: see docs/redis.md for who can read it);
 * - `lock`: `SET NX PX` by the process that logs in, holding a random owner id; renewed while the
 *   login runs, so a live login never loses it and a dead process holds it no longer than its TTL;
 * - channel `changed`: published after each write and each lock release (never the token itself);
 *   waiting processes read the key again when told, or at the latest when the lock would expire.
 */
import { TimeoutError, type ErrorContext, type TokenStore } from "altegio-sdk";
import type { Redis } from "ioredis";
import {
  Connection,
  DEFAULT_REDIS_TIMEOUT_MS,
  keyBase,
  type RedisCommonOptions,
  type RedisConnection,
} from "./connection.js";

export type RedisTokenStoreOptions = RedisConnection &
  RedisCommonOptions & {
    /**
     * TTL of the login lock, renewed every third of it while the login runs: a process that dies
     * holding it blocks the others at most this long. Default 10,000 ms.
     */
    lockTtlMs?: number;
    /** How long a process waits for another's login before failing; default 60,000 ms. */
    waitTimeoutMs?: number;
    /** Longest pause between two looks at the key while waiting (pub/sub wakes earlier); 250 ms. */
    pollMs?: number;
  };

export interface RedisTokenStore extends TokenStore {
  get(): Promise<string | undefined>;
  set(token: string | undefined): Promise<void>;
  refresh(stale: string | undefined, login: () => Promise<string>): Promise<string>;
  /** Closes the connections opened here (a client you passed stays open). */
  close(): Promise<void>;
}

/** Deletes or extends the lock only while it is still ours. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

type Commands = {
  altegioRelease(key: string, owner: string): Promise<number>;
  altegioExtend(key: string, owner: string, ttl: number): Promise<number>;
};

const LOGIN_CONTEXT: ErrorContext = {
  operationId: "authorize_user",
  method: "POST",
  path: "/auth",
};

export function redisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  const lockTtl = options.lockTtlMs ?? 10_000;
  const waitTimeout = options.waitTimeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 250;
  const connection = new Connection(
    options,
    options.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
    options.logger,
  );
  const redis = connection.client as Redis & Commands;
  redis.defineCommand("altegioRelease", { numberOfKeys: 1, lua: RELEASE });
  redis.defineCommand("altegioExtend", { numberOfKeys: 1, lua: EXTEND });
  const base = keyBase(options, "session");
  const tokenKey = `${base}:token`;
  const lockKey = `${base}:lock`;
  const channel = `${base}:changed`;

  let subscriber: Promise<Redis> | undefined;
  const wakers = new Set<() => void>();

  function subscribe(): Promise<Redis> {
    subscriber ??= (async () => {
      const sub = connection.duplicate();
      sub.on("message", () => {
        for (const wake of [...wakers]) wake();
      });
      await connection.run("subscribe to token changes", () => sub.subscribe(channel));
      return sub;
    })();
    subscriber.catch(() => {
      subscriber = undefined;
    });
    return subscriber;
  }

  /** Resolves on a change message or after `ms`, whichever first. */
  async function changeOrTimeout(ms: number): Promise<void> {
    try {
      await subscribe();
    } catch {
      // No pub/sub for now: polling alone still gets there.
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  }

  const notify = () =>
    connection.run("announce a token change", () => redis.publish(channel, "changed"));

  async function get(): Promise<string | undefined> {
    const value = await connection.run("read the user token", () => redis.get(tokenKey));
    return value ?? undefined;
  }

  async function set(token: string | undefined): Promise<void> {
    if (token === undefined)
      await connection.run("forget the user token", () => redis.del(tokenKey));
    else await connection.run("store the user token", () => redis.set(tokenKey, token));
    await notify().catch(() => undefined);
  }

  async function refresh(stale: string | undefined, login: () => Promise<string>): Promise<string> {
    const started = Date.now();
    for (;;) {
      const current = await get();
      if (current !== undefined && current !== stale) return current;
      const owner = `${process.pid}-${Math.random().toString(36).slice(2)}`;
      const taken = await connection.run("take the login lock", () =>
        redis.set(lockKey, owner, "PX", lockTtl, "NX"),
      );
      if (taken === "OK") return loginHolding(owner, stale, login);
      const waited = Date.now() - started;
      if (waited >= waitTimeout) {
        throw new TimeoutError(
          `Waited ${waited} ms for another process to log in (the login lock in Redis at ` +
            `${connection.name} stayed taken); giving up.`,
          { ...LOGIN_CONTEXT, timeoutMs: waitTimeout, mayHaveBeenApplied: false },
        );
      }
      const ttl = Number(await connection.run("read the login lock", () => redis.pttl(lockKey)));
      await changeOrTimeout(Math.max(5, Math.min(ttl > 0 ? ttl : 5, pollMs)));
    }
  }

  async function loginHolding(
    owner: string,
    stale: string | undefined,
    login: () => Promise<string>,
  ): Promise<string> {
    const renew = setInterval(
      () => {
        connection
          .run("renew the login lock", () => redis.altegioExtend(lockKey, owner, lockTtl))
          .catch(() => undefined);
      },
      Math.max(10, Math.floor(lockTtl / 3)),
    );
    try {
      // Another process may have finished its login between our read and our lock.
      const current = await get();
      if (current !== undefined && current !== stale) return current;
      return await login(); // the Session stores the token through set(), which announces it
    } finally {
      clearInterval(renew);
      await connection
        .run("release the login lock", () => redis.altegioRelease(lockKey, owner))
        .catch(() => undefined); // it expires by itself
      await notify().catch(() => undefined);
    }
  }

  return { get, set, refresh, close: () => connection.close() };
}
