// Links between entries, read from both ends: Entry.related in GraphQL and related_entries in MCP.
import type { RelationKind } from '../generated/prisma/client';
import type { ServiceContext } from './context';
import type { RelatedRow } from './types';

/**
 * The links from and to an entry (outgoing first), optionally only those of some kinds. A link
 * stored in both directions appears once from each end, as the content states it.
 */
export async function relatedRows(
  ctx: ServiceContext,
  entryId: string,
  kinds?: readonly RelationKind[] | null,
): Promise<RelatedRow[]> {
  const [outgoing, incoming] = await Promise.all([
    ctx.loaders.relationsFrom.load(entryId),
    ctx.loaders.relationsTo.load(entryId),
  ]);
  const rows: RelatedRow[] = [
    ...outgoing.map((r) => ({ kind: r.kind, direction: 'OUTGOING' as const, note: r.note, entryId: r.toId })),
    ...incoming.map((r) => ({
      kind: r.kind,
      direction: 'INCOMING' as const,
      note: r.note,
      entryId: r.fromId,
    })),
  ];
  return kinds && kinds.length > 0 ? rows.filter((r) => kinds.includes(r.kind)) : rows;
}
