/**
 * `redisTokenStore`: the user token in one Redis key, with cross-process single-flight login
 * (`refresh`): the process that takes `lock` (SET NX PX with a random owner id, renewed while its
 * login runs, so a dead holder blocks the others at most its TTL) logs in; the others wait for a
 * message on `changed` (after each write and each release; never the token), or poll.
 */
import { TimeoutError, type TokenStore } from "altegio-sdk";
import type { Redis } from "ioredis";
import { connect, type RedisCommonOptions, type RedisConnection } from "./connection.js";

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

/** Deletes or extends the lock only while it is still ours (ARGV[1]: our id). */
const RELEASE = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;
const EXTEND = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

const LOGIN_CONTEXT = { operationId: "authorize_user", method: "POST", path: "/auth" } as const;

export function redisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  const { lockTtlMs = 10_000, waitTimeoutMs = 60_000, pollMs = 250 } = options;
  const connection = connect(options, "session");
  const { client: redis, run } = connection;
  const release = connection.script("altegioRelease", 1, RELEASE);
  const extend = connection.script("altegioExtend", 1, EXTEND);
  const tokenKey = connection.key("token");
  const lockKey = connection.key("lock");
  const channel = connection.key("changed");

  let subscriber: Redis | undefined;
  let subscribed: Promise<unknown> | undefined;
  const wakers = new Set<() => void>();

  /** Resolves on a change message or after `ms`, whichever first. */
  async function changeOrTimeout(ms: number): Promise<void> {
    subscriber ??= connection
      .duplicate()
      .on("message", () => [...wakers].forEach((wake) => wake()));
    // Without pub/sub for now, polling alone still gets there.
    subscribed ??= run("subscribe to token changes", () => subscriber!.subscribe(channel)).catch(
      () => (subscribed = undefined),
    );
    await subscribed;
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
    run("announce a token change", () => redis.publish(channel, "changed")).catch(() => undefined);

  async function get(): Promise<string | undefined> {
    return (await run("read the user token", () => redis.get(tokenKey))) ?? undefined;
  }

  async function set(token: string | undefined): Promise<void> {
    if (token === undefined) await run("forget the user token", () => redis.del(tokenKey));
    else await run("store the user token", () => redis.set(tokenKey, token));
    await notify();
  }

  async function refresh(stale: string | undefined, login: () => Promise<string>): Promise<string> {
    const started = Date.now();
    const owner = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    for (;;) {
      const current = await get();
      if (current !== undefined && current !== stale) return current;
      const lock = () => redis.set(lockKey, owner, "PX", lockTtlMs, "NX");
      if ((await run("take the login lock", lock)) === "OK") {
        const renew = setInterval(
          () => run("renew the login lock", () => extend(lockKey, owner, lockTtlMs)).catch(() => 0),
          Math.max(10, Math.floor(lockTtlMs / 3)),
        );
        try {
          // Another process may have finished its login between our read and our lock.
          const again = await get();
          if (again !== undefined && again !== stale) return again;
          return await login(); // the Session stores the token through set(), which announces it
        } finally {
          clearInterval(renew);
          // If this fails, the lock expires by itself.
          await run("release the login lock", () => release(lockKey, owner)).catch(() => 0);
          await notify();
        }
      }
      const waited = Date.now() - started;
      if (waited >= waitTimeoutMs) {
        const why = `the login lock in Redis at ${connection.name} stayed taken`;
        throw new TimeoutError(
          `Waited ${waited} ms for another process to log in (${why}); giving up.`,
          {
            ...LOGIN_CONTEXT,
            timeoutMs: waitTimeoutMs,
            mayHaveBeenApplied: false,
          },
        );
      }
      const ttl = Number(await run("read the login lock", () => redis.pttl(lockKey)));
      await changeOrTimeout(Math.max(5, Math.min(ttl > 0 ? ttl : 5, pollMs)));
    }
  }

  return { get, set, refresh, close: () => connection.close() };
}
