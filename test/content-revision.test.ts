// The revision watch on its own, against a channel whose sync answers or stalls: a request is
// answered from memory only once a sync sent after it has been answered, requests of one turn
// share a sync, and a late sync sends its requests to read the revision instead of waiting.
import type { ChannelHandlers, Listening } from '../src/db/adapter';
import type { Db } from '../src/db/client';
import { currentRevision, knownRevision, watchContentRevision } from '../src/services/content-revision';
import { poll } from './support/poll';

function fakeDatabase(sync: () => Promise<void>) {
  const counts = { reads: 0, syncs: 0 };
  // The one query the watch makes through Prisma: SELECT revision FROM kb_state.
  const db = {
    $queryRaw: () => {
      counts.reads += 1;
      return Promise.resolve([{ revision: 7n }]);
    },
  } as unknown as Db;
  const listening: Listening = {
    sync: () => {
      counts.syncs += 1;
      return sync();
    },
    close: () => Promise.resolve(),
  };
  return {
    counts,
    database: { db, listen: (_channel: string, _handlers: ChannelHandlers) => Promise.resolve(listening) },
  };
}

async function live(sync: () => Promise<void>) {
  const fake = fakeDatabase(sync);
  const batches: number[] = [];
  const watch = watchContentRevision(
    fake.database,
    { up: () => undefined, down: () => undefined, synced: (requests) => batches.push(requests) },
    { syncWaitMs: 50 },
  );
  await poll(
    () => Promise.resolve(watch.live()),
    (up) => up,
  );
  return { ...fake, batches, watch };
}

test('requests of one turn share one sync and are answered at the revision the channel vouches for', async () => {
  const { database, counts, batches, watch } = await live(() => Promise.resolve());
  try {
    const readsBefore = counts.reads;
    const answers = await Promise.all([1, 2, 3].map(() => knownRevision(database.db)));
    expect(answers).toEqual([7n, 7n, 7n]);
    expect(counts.syncs).toBe(1);
    expect(batches).toEqual([3]);
    expect(await currentRevision(database.db)).toBe(7n);
    expect(counts.reads).toBe(readsBefore);
  } finally {
    await watch.close();
  }
});

test('a sync that does not answer in time sends its requests to read the revision', async () => {
  const { database, counts, batches, watch } = await live(() => new Promise<void>(() => undefined));
  try {
    const readsBefore = counts.reads;
    expect(await knownRevision(database.db)).toBeNull();
    // currentRevision falls back to the read instead of waiting for the stalled sync.
    expect(await currentRevision(database.db)).toBe(7n);
    expect(counts.reads).toBe(readsBefore + 1);
    expect(batches).toEqual([]);
  } finally {
    await watch.close();
  }
});

test('a sync answered after its batch gave up neither answers the batch again nor counts as a sync', async () => {
  // Answers after 150 ms, three times the batch's 50 ms wait.
  const { database, batches, watch } = await live(
    () => new Promise<void>((resolve) => setTimeout(resolve, 150)),
  );
  try {
    expect(await knownRevision(database.db)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(batches).toEqual([]);
  } finally {
    await watch.close();
  }
});
