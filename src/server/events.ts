// What the response cache and the rate limiter report as they serve; the metrics count it.

/** Where a cached response came from. */
export type CacheLayer = 'process' | 'store';

export interface ServerEvents {
  /**
   * A query was answered from the finished responses this process holds (`process`) or from the
   * response cache (`store`: in memory, or Redis shared by every instance).
   */
  cacheHit(layer: CacheLayer): void;
  /** A query was looked up in the response cache and not found there. */
  cacheMiss(): void;
  /** A request was refused because its client exceeded the rate limit. */
  rateLimited(): void;
  /**
   * The revision notifications' channel was synced once for `requests` requests that waited on it
   * (see content-revision.ts).
   */
  revisionSynced(requests: number): void;
}
