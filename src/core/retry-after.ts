/** The API's shortest rate-limit window: how long a 429 without `Retry-After` holds calls. */
export const SHORTEST_WINDOW_MS = 1_000;

/**
 * The one `Retry-After` parser (retry, the rate limiter, RateLimitError): ms from `now`, from
 * delay-seconds or an HTTP date (0 if past); `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1_000);
  if (!/[a-z]/i.test(text)) return undefined; // e.g. "-1": neither seconds nor a date
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
