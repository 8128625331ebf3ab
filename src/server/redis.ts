// The one Redis connection of a process (response cache, persisted queries, rate-limit counters),
// opened only when REDIS_URL is set.
import { createClient, type RedisClientType } from '@redis/client';
import type { Config } from '../config';
import type { Logger } from '../logger';

export type RedisClient = RedisClientType;

export interface Redis {
  client: RedisClient;
  /** Prepended to every key this process writes, so deployments can share a Redis. */
  prefix: string;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** Connects, or throws a RedisUnavailableError naming REDIS_URL when Redis does not answer in time. */
export async function connectRedis(settings: NonNullable<Config['redis']>, logger: Logger): Promise<Redis> {
  const client: RedisClient = createClient({
    url: settings.url,
    // While disconnected, commands fail at once (the cache misses, the rate limiter lets the
    // request through) instead of queuing and holding requests until Redis returns.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000),
    },
  });
  let lastError: unknown;
  client.on('error', (error: unknown) => {
    lastError = error;
    logger.warn({ err: error }, 'redis connection error');
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    client.destroy();
    const reason = lastError instanceof Error ? lastError.message : String(lastError ?? error);
    const host = new URL(settings.url).host;
    throw new RedisUnavailableError(`Could not connect to Redis at ${host} (REDIS_URL): ${reason}`);
  } finally {
    clearTimeout(timer);
  }
  return {
    client,
    prefix: settings.prefix,
    async close() {
      // While reconnecting there is nothing to flush, and a graceful close would wait for Redis.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
