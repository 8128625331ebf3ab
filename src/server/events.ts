// What the response cache and the rate limiter report as they serve; the metrics count it.

export interface ServerEvents {
  /** A query was answered from the response cache. */
  cacheHit(): void;
  /** A query was looked up in the response cache and not found there. */
  cacheMiss(): void;
  /** A request was refused because its client exceeded the rate limit. */
  rateLimited(): void;
}
