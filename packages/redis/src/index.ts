/**
 * `altegio-sdk-redis`: processes share one rate budget (`redisRateLimiter`, for the client's
 * `rateLimit`) and one user session (`redisTokenStore`, for `tokenStore`) through Redis. Peer
 * dependencies: `altegio-sdk` and `ioredis`; the SDK never imports this package. See docs/redis.md.
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
