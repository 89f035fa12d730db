/**
 * The API's rate limit, enforced per client address: at most `perSecond` requests in any sliding
 * second and `perMinute` in any sliding minute (5 and 200 by default). Only requests let through
 * count, so a client that waits the `Retry-After` it was given gets in.
 */
import { InvalidArgumentError } from "altegio-sdk";

export interface RateLimitConfig {
  perSecond: number;
  perMinute: number;
}

export const API_RATE_LIMIT: RateLimitConfig = { perSecond: 5, perMinute: 200 };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const SECOND = 1_000;
const MINUTE = 60_000;

export class SlidingWindowLimiter {
  /** address → times of the requests let through in the last minute, oldest first */
  private readonly history = new Map<string, number[]>();

  constructor(
    private config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {
    checkConfig(config);
  }

  configure(config: RateLimitConfig): void {
    checkConfig(config);
    this.config = config;
  }

  get limits(): RateLimitConfig {
    return { ...this.config };
  }

  reset(): void {
    this.history.clear();
  }

  check(address: string): RateDecision {
    const now = this.now();
    const times = (this.history.get(address) ?? []).filter((t) => t > now - MINUTE);
    const inLastSecond = times.filter((t) => t > now - SECOND);
    let waitMs = 0;
    if (inLastSecond.length >= this.config.perSecond) {
      const oldest = inLastSecond[inLastSecond.length - this.config.perSecond] as number;
      waitMs = Math.max(waitMs, oldest + SECOND - now);
    }
    if (times.length >= this.config.perMinute) {
      const oldest = times[times.length - this.config.perMinute] as number;
      waitMs = Math.max(waitMs, oldest + MINUTE - now);
    }
    if (waitMs > 0) {
      this.history.set(address, times);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / SECOND)) };
    }
    times.push(now);
    this.history.set(address, times);
    return { allowed: true };
  }
}

function checkConfig(config: RateLimitConfig): void {
  for (const key of ["perSecond", "perMinute"] as const) {
    const value = config[key];
    if (!(value >= 1)) {
      throw new InvalidArgumentError(`rateLimit.${key}`, `rateLimit.${key} must be at least 1`);
    }
  }
}
