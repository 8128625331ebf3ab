// The kinds of entry as a kind filter shows them: label from the kinds' registry, and a count.
import { KIND_LIST } from '../kinds';
import type { ServiceContext } from './context';
import { countEntriesByKind } from './entries';

/** Every kind with its label and number of entries, in registry order. */
export async function entryKindOptions(ctx: ServiceContext) {
  const counts = new Map((await countEntriesByKind(ctx.db)).map((c) => [c.kind, c.count]));
  return KIND_LIST.map((k) => ({ kind: k.kind, label: k.label, count: counts.get(k.kind) ?? 0 }));
}
