// The content revision: a one-row counter (kb_state) bumped in the same transaction as every
// content write. Anything derived from the content is valid for exactly one revision.
//
// Reading it through the pool costs a round trip per request. A server instead learns it by
// notification: a trigger announces every new revision on the channel "kb_revision" when its
// transaction commits (see the revision_notify migration), and `watchContentRevision` listens.
// While the channel is up and its revision confirmed, `currentRevision` answers from memory once
// the channel has synced (see Listening.sync): one trivial round trip on the listening connection,
// shared by every request that arrived before it was sent, guarantees that a change committed
// before a request arrived is known when it is answered. Whenever the channel is down, not yet
// confirmed, or was lost and is being re-established, it reads the row as before.
import type { ChannelHandlers, Listening } from '../db/adapter';
import type { Db } from '../db/client';

const CHANNEL = 'kb_revision';

/** The part of a Database a watch needs. */
export interface Listenable {
  db: Db;
  listen(channel: string, handlers: ChannelHandlers): Promise<Listening>;
}

/** What a watch reports, for logs and metrics. */
export interface WatchEvents {
  /** The channel is up and `revision` confirmed by a read: answers come from memory. */
  up(revision: bigint): void;
  /** The channel is down: every request reads the revision until it is back. */
  down(reason: string): void;
  /** One sync vouched for the revision for `requests` waiting requests. */
  synced?(requests: number): void;
}

export interface RevisionWatch {
  /** Whether the revision is currently known without a round trip. */
  live(): boolean;
  close(): Promise<void>;
}

interface Known {
  /** The revision, or null when it must be read. */
  settled(): Promise<bigint | null>;
}

const watches = new WeakMap<Db, Known>();

async function readRevision(db: Db): Promise<bigint> {
  // currentRevision: freshness of derived data (rating matrix, response cache)
  const rows = await db.$queryRaw<{ revision: bigint }[]>`SELECT revision FROM kb_state WHERE id = 1`;
  return rows[0]?.revision ?? 0n;
}

export async function currentRevision(db: Db): Promise<bigint> {
  const known = await watches.get(db)?.settled();
  return known ?? readRevision(db);
}

/** The revision as notifications vouch for it, without a round trip; null when they cannot. */
export function knownRevision(db: Db): Promise<bigint | null> {
  return watches.get(db)?.settled() ?? Promise.resolve(null);
}

function parseRevision(payload: string): bigint | null {
  return /^\d+$/.test(payload) ? BigInt(payload) : null;
}

const quiet: WatchEvents = { up: () => undefined, down: () => undefined };

/**
 * Keeps the content revision of `database` in memory for as long as notifications can vouch for
 * it; reconnects with backoff (retryMs doubling up to maxRetryMs) when the channel is lost. A
 * request waits at most syncWaitMs for a sync of the channel before it reads the revision instead.
 */
export function watchContentRevision(
  database: Listenable,
  events: WatchEvents = quiet,
  { retryMs = 250, maxRetryMs = 10_000, syncWaitMs = 250 } = {},
): RevisionWatch {
  let state: 'down' | 'confirming' | 'live' = 'down';
  let revision = 0n;
  /** Notifications received so far: a read is only trusted when none arrived while it ran. */
  let received = 0;
  let listening: Listening | null = null;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const goDown = (reason: string) => {
    if (closed) return;
    state = 'down';
    const stop = listening;
    listening = null;
    if (stop) void stop.close().catch(() => undefined);
    events.down(reason);
    timer = setTimeout(start, Math.min(retryMs * 2 ** failures, maxRetryMs));
    timer.unref();
    failures += 1;
  };

  const confirm = async () => {
    try {
      for (;;) {
        const before = received;
        const read = await readRevision(database.db);
        if (state !== 'confirming') return; // lost or closed meanwhile
        if (received === before) {
          revision = read;
          state = 'live';
          failures = 0;
          events.up(read);
          return;
        }
      }
    } catch (error) {
      if (state === 'confirming') goDown(error instanceof Error ? error.message : String(error));
    }
  };

  const handlers: ChannelHandlers = {
    message(payload) {
      received += 1;
      if (state !== 'live') return; // a confirming read is retried instead
      const parsed = parseRevision(payload);
      if (parsed !== null) revision = parsed;
      else {
        state = 'confirming';
        void confirm();
      }
    },
    lost(error) {
      listening = null;
      goDown(error.message);
    },
  };

  function start() {
    database.listen(CHANNEL, handlers).then(
      async (channel) => {
        if (closed) return channel.close();
        listening = channel;
        state = 'confirming';
        return confirm();
      },
      (error: unknown) => goDown(error instanceof Error ? error.message : String(error)),
    );
  }

  const live = () => state === 'live';

  /**
   * The requests waiting for one sync. A sync takes well under a millisecond; one that is late (a
   * stalled connection, which the adapter gives up on after its own timeout) sends its requests
   * to read the revision instead.
   */
  interface Batch {
    promise: Promise<boolean>;
    requests: number;
    /** Whether `answer` has been called: the first answer stands. */
    answered: boolean;
    answer(synced: boolean): void;
  }
  const newBatch = (): Batch => {
    let resolve: (synced: boolean) => void = () => undefined;
    const batch: Batch = {
      promise: new Promise<boolean>((r) => (resolve = r)),
      requests: 0,
      answered: false,
      answer(synced) {
        if (batch.answered) return;
        batch.answered = true;
        clearTimeout(late);
        resolve(synced);
      },
    };
    const late = setTimeout(() => batch.answer(false), syncWaitMs);
    return batch;
  };

  /** The requests that asked since the last sync was sent: they wait for the next one. */
  let waiting: Batch | null = null;
  let syncing = false;

  /** Sends one sync for everyone waiting; whoever asks meanwhile waits for the next one. */
  const sync = () => {
    const batch = waiting;
    waiting = null;
    if (!batch) return;
    const channel = listening;
    if (!channel || state !== 'live') {
      batch.answer(false);
      return;
    }
    syncing = true;
    // A failed sync means the channel was lost: the adapter reports it through `lost`.
    void channel.sync().then(
      () => settle(batch, true),
      () => settle(batch, false),
    );
  };

  const settle = (batch: Batch, synced: boolean) => {
    syncing = false;
    if (synced && !batch.answered) events.synced?.(batch.requests);
    batch.answer(synced);
    if (waiting) sync();
  };

  const synced = (): Promise<boolean> => {
    if (!waiting) {
      waiting = newBatch();
      // The rest of this turn of the event loop joins the same sync.
      if (!syncing) setImmediate(sync);
    }
    waiting.requests += 1;
    return waiting.promise;
  };

  watches.set(database.db, {
    async settled() {
      if (!live()) return null;
      // Still live once synced: the revision now reflects every commit made before the request.
      return (await synced()) && live() ? revision : null;
    },
  });
  start();

  return {
    live,
    async close() {
      closed = true;
      state = 'down';
      clearTimeout(timer);
      watches.delete(database.db);
      await listening?.close();
      listening = null;
    },
  };
}
