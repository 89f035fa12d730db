/**
 * `altegio-sdk-redis`: processes share one rate budget (`redisRateLimiter`, for the client's
 * `rateLimit`) and one user session (`redisTokenStore`, for `tokenStore`) through Redis. Needs the
 * optional peer dependency `ioredis`; the core never imports this entry. See docs/redis.md.
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
