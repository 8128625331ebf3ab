// The content revision: a one-row counter (kb_state) bumped in the same transaction as every
// content write. Anything derived from the content is valid for exactly one revision.
import type { Db } from '../db/client';

export async function currentRevision(db: Db): Promise<bigint> {
  // currentRevision: freshness of derived data (rating matrix, response cache)
  const rows = await db.$queryRaw<{ revision: bigint }[]>`SELECT revision FROM kb_state WHERE id = 1`;
  return rows[0]?.revision ?? 0n;
}
