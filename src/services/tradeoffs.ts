// Trade-offs: listing them, optionally only those with a given quality on one side.
import type { ArgumentPath } from '../errors';
import type { ServiceContext } from './context';
import { listEntries, qualityIds } from './entries';
import type { PageArgs } from './pagination';
import type { EntryPage } from './types';

export interface TradeoffFilterInput {
  /** A quality's slug: only trade-offs with it on one side. */
  quality?: string | null;
}

/** Trade-offs, by title; BAD_USER_INPUT at `path` for an unknown quality. */
export async function listTradeoffs(
  ctx: ServiceContext,
  where: TradeoffFilterInput | null | undefined,
  page: PageArgs,
  path: ArgumentPath = ['where', 'quality'],
): Promise<EntryPage> {
  const conditions = [];
  if (where?.quality) {
    const [id] = await qualityIds(ctx, [where.quality], () => path);
    conditions.push({ tradeoff: { is: { OR: [{ firstQualityId: id }, { secondQualityId: id }] } } });
  }
  return listEntries(ctx, { AND: [{ kind: 'TRADEOFF' }, ...conditions] }, page);
}
