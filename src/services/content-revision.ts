// The content revision: a one-row counter (kb_state) bumped in the same transaction as every
// content write. Anything derived from the content is valid for exactly one revision.
//
// Reading it costs a database round trip. A server instead learns it by notification: a trigger
// announces every new revision on the channel "kb_revision" when its transaction commits (see the
// revision_notify migration), and `watchContentRevision` listens. While the channel is up and its
// revision confirmed, `currentRevision` answers from memory; whenever the channel is down, not yet
// confirmed, or was lost and is being re-established, it reads the row as before.
import type { ChannelHandlers, Unlisten } from '../db/adapter';
import type { Db } from '../db/client';

const CHANNEL = 'kb_revision';

/** The part of a Database a watch needs. */
export interface Listenable {
  db: Db;
  listen(channel: string, handlers: ChannelHandlers): Promise<Unlisten>;
}

/** What a watch reports, for logs and metrics. */
export interface WatchEvents {
  /** The channel is up and `revision` confirmed by a read: answers come from memory. */
  up(revision: bigint): void;
  /** The channel is down: every request reads the revision until it is back. */
  down(reason: string): void;
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
 * it; reconnects with backoff (retryMs doubling up to maxRetryMs) when the channel is lost.
 */
export function watchContentRevision(
  database: Listenable,
  events: WatchEvents = quiet,
  { retryMs = 250, maxRetryMs = 10_000 } = {},
): RevisionWatch {
  let state: 'down' | 'confirming' | 'live' = 'down';
  let revision = 0n;
  /** Notifications received so far: a read is only trusted when none arrived while it ran. */
  let received = 0;
  let unlisten: Unlisten | null = null;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const goDown = (reason: string) => {
    if (closed) return;
    state = 'down';
    const stop = unlisten;
    unlisten = null;
    if (stop) void stop().catch(() => undefined);
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
      unlisten = null;
      goDown(error.message);
    },
  };

  function start() {
    database.listen(CHANNEL, handlers).then(
      async (stop) => {
        if (closed) return stop();
        unlisten = stop;
        state = 'confirming';
        return confirm();
      },
      (error: unknown) => goDown(error instanceof Error ? error.message : String(error)),
    );
  }

  /** The answer of this turn of the event loop, shared by every request that asks during it. */
  let pending: Promise<bigint | null> | null = null;
  watches.set(database.db, {
    settled() {
      if (state !== 'live') return Promise.resolve(null);
      // One turn of the event loop first: a notification the operating system has already
      // received for this process is handled before the answer is given.
      pending ??= new Promise((resolve) =>
        setImmediate(() => {
          pending = null;
          resolve(state === 'live' ? revision : null);
        }),
      );
      return pending;
    },
  });
  start();

  return {
    live: () => state === 'live',
    async close() {
      closed = true;
      state = 'down';
      clearTimeout(timer);
      watches.delete(database.db);
      await unlisten?.();
      unlisten = null;
    },
  };
}
