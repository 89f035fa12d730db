/**
 * `altegio-sdk/redis`: several processes (workers, hosts behind one address) share one rate budget
 * and one user session through Redis. The core (`altegio-sdk`) never imports this entry; it needs
 * the optional peer dependency `ioredis`. See docs/redis.md.
 *
 * ```ts
 * import { createAltegioClient } from "altegio-sdk";
 * import { redisRateLimiter, redisTokenStore } from "altegio-sdk/redis";
 *
 * const url = "redis://127.0.0.1:6379";
 * const altegio = createAltegioClient({
 *   partnerToken,
 *   credentials,
 *   rateLimit: redisRateLimiter({ url }),
 *   tokenStore: redisTokenStore({ url }),
 * });
 * ```
 */
export {
  RedisUnavailableError,
  type RedisCommonOptions,
  type RedisConnection,
} from "./connection.js";
export {
  redisRateLimiter,
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
} from "./rate-limiter.js";
export {
  redisTokenStore,
  type RedisTokenStore,
  type RedisTokenStoreOptions,
} from "./token-store.js";
