// What the HTTP layer reports as it serves: hooks for metrics, wired by whoever creates the app.

export interface ServerEvents {
  /** A query was answered from the response cache. */
  cacheHit(): void;
  /** A query was looked up in the response cache and not found there. */
  cacheMiss(): void;
  /** A request was refused because its client exceeded the rate limit. */
  rateLimited(): void;
}

export const noServerEvents: ServerEvents = {
  cacheHit() {},
  cacheMiss() {},
  rateLimited() {},
};
