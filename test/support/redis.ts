// The Redis the tests share (127.0.0.1:6379 here and in CI): each test uses its own key prefix,
// so parallel runs never see each other's keys, and removes its keys when done.
import { randomBytes } from 'node:crypto';
import { createClient, type RedisClientType } from '@redis/client';
import { poll } from './poll';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses. */
export function uniquePrefix(name: string): string {
  return `design-kb-test:${name}:${randomBytes(6).toString('hex')}:`;
}

async function withRedis<T>(fn: (client: RedisClientType) => Promise<T>): Promise<T> {
  const client: RedisClientType = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Every key under `prefix`. */
export function redisKeys(prefix: string): Promise<string[]> {
  return withRedis(async (client) => {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
    return keys;
  });
}

/** The values of the given keys. */
export function redisValues(keys: string[]): Promise<(string | null)[]> {
  return withRedis(async (client) => (keys.length ? client.mGet(keys) : []));
}

export async function dropKeys(prefix: string): Promise<void> {
  const keys = await redisKeys(prefix);
  if (keys.length) await withRedis((client) => client.del(keys));
}

/**
 * Apollo stores persisted queries and cached responses in the background, after the response is
 * sent: waits (at most 2 s) until Redis holds at least `count` keys under `prefix`.
 */
export function untilKeys(prefix: string, count: number): Promise<string[]> {
  return poll(
    () => redisKeys(prefix),
    (keys) => keys.length >= count,
  );
}

/**
 * Apollo stores persisted queries and cached responses in the background, after the response is
 * sent, so with Redis the request right after a miss may miss too. Repeats `request` (for at most
 * 2 s) until `age` reads an Age header, and returns every response so the caller can check that none
 * of them was stale.
 */
export async function untilCached<T>(
  request: () => Promise<T>,
  age: (response: T) => string | null,
): Promise<T[]> {
  const responses: T[] = [];
  await poll(
    async () => {
      const response = await request();
      responses.push(response);
      return response;
    },
    (response) => age(response) !== null,
  );
  return responses;
}
