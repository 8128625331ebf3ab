// Listing entries of one kind with that kind's filters: the filters are translated and validated
// here, so resolvers and MCP tools only pass arguments through.
import type {
  DecisionStatus,
  EntryKind,
  PatternKind,
  QualityCategory,
  Polarity,
  ReadingRole,
  ReferenceType,
} from '../generated/prisma/client';
import { algorithmWhere, type AlgorithmFilterInput } from './algorithms';
import type { ServiceContext } from './context';
import { badUserInput } from '../errors';
import { effectFilters, kindPath, listOfKind } from './entries';
import { ratedQualityIds } from './facets';
import type { PageArgs } from './pagination';
import { listTradeoffs, type TradeoffFilterInput } from './tradeoffs';
import type { EntryPage } from './types';

type Where<T> = T | null | undefined;

export interface EffectFilterInput {
  promotes?: readonly string[] | null;
  inhibits?: readonly string[] | null;
}

export async function listAlgorithms(
  ctx: ServiceContext,
  where: Where<AlgorithmFilterInput>,
  page: PageArgs,
) {
  return listOfKind(ctx, 'ALGORITHM', where ? [await algorithmWhere(ctx, where)] : [], page);
}

export async function listQualities(
  ctx: ServiceContext,
  where: Where<{ category?: QualityCategory | null; polarity?: Polarity | null; rated?: boolean | null }>,
  page: PageArgs,
): Promise<EntryPage> {
  const rated = where?.rated == null ? [] : await ratedQualityIds(ctx);
  const filters = where
    ? [
        ...(where.rated == null ? [] : [{ id: where.rated ? { in: rated } : { notIn: rated } }]),
        {
          quality: {
            is: {
              ...(where.category && { category: where.category }),
              ...(where.polarity && { polarity: where.polarity }),
            },
          },
        },
      ]
    : [];
  return listOfKind(ctx, 'QUALITY', filters, page);
}

export async function listPatterns(
  ctx: ServiceContext,
  where: Where<EffectFilterInput & { patternKind?: PatternKind | null }>,
  page: PageArgs,
): Promise<EntryPage> {
  const filters = where
    ? [
        ...(where.patternKind ? [{ pattern: { is: { patternKind: where.patternKind } } }] : []),
        ...(await effectFilters(ctx, where)),
      ]
    : [];
  return listOfKind(ctx, 'PATTERN', filters, page);
}

export async function listStyles(ctx: ServiceContext, where: Where<EffectFilterInput>, page: PageArgs) {
  return listOfKind(ctx, 'STYLE', where ? await effectFilters(ctx, where) : [], page);
}

export function listReferences(
  ctx: ServiceContext,
  where: Where<{ readingRole?: ReadingRole | null; referenceType?: ReferenceType | null }>,
  page: PageArgs,
): Promise<EntryPage> {
  const filters = where
    ? [
        {
          reference: {
            is: {
              ...(where.readingRole && { readingRole: where.readingRole }),
              ...(where.referenceType && { referenceType: where.referenceType }),
            },
          },
        },
      ]
    : [];
  return listOfKind(ctx, 'REFERENCE', filters, page);
}

export function listDecisionRecords(
  ctx: ServiceContext,
  where: Where<{ status?: DecisionStatus | null }>,
  page: PageArgs,
): Promise<EntryPage> {
  const filters = where?.status ? [{ decisionRecord: { is: { status: where.status } } }] : [];
  return listOfKind(ctx, 'DECISION_RECORD', filters, page);
}

/** Every filter some kind's list takes, under its GraphQL name (`where: { … }`). */
export type ListFilterInput = AlgorithmFilterInput &
  EffectFilterInput &
  TradeoffFilterInput & {
    category?: QualityCategory | null;
    polarity?: Polarity | null;
    rated?: boolean | null;
    patternKind?: PatternKind | null;
    readingRole?: ReadingRole | null;
    referenceType?: ReferenceType | null;
    status?: DecisionStatus | null;
  };

export type ListFilterName = keyof ListFilterInput;

/** The filters each kind's list takes: the fields of its GraphQL `where` input (none for most kinds). */
export const LIST_FILTERS: Record<EntryKind, readonly ListFilterName[]> = {
  ALGORITHM: ['task', 'family', 'satisfies'],
  QUALITY: ['category', 'polarity', 'rated'],
  PATTERN: ['patternKind', 'promotes', 'inhibits'],
  STYLE: ['promotes', 'inhibits'],
  TRADEOFF: ['quality'],
  REFERENCE: ['readingRole', 'referenceType'],
  DECISION_RECORD: ['status'],
  SCENARIO: [],
  CASE_STUDY: [],
  COMPONENT: [],
  CONSTRAINT_TYPE: [],
  CONCEPT: [],
  CHALLENGE: [],
  MODEL: [],
};

/**
 * Entries of one kind with that kind's filters, as its GraphQL list query takes them. A filter the
 * kind does not take is BAD_USER_INPUT at `where.<name>` (rather than silently ignored).
 */
export function listEntriesOfKind(
  ctx: ServiceContext,
  kind: EntryKind,
  where: Where<ListFilterInput>,
  page: PageArgs,
): Promise<EntryPage> {
  const allowed = LIST_FILTERS[kind];
  const given = Object.entries(where ?? {}).filter(([, value]) => value !== null && value !== undefined);
  const stray = given.find(([name]) => !allowed.includes(name as ListFilterName));
  if (stray) {
    const takes = allowed.length > 0 ? `takes ${allowed.join(', ')}` : 'takes no filters';
    const kinds = (Object.keys(LIST_FILTERS) as EntryKind[]).filter((k) =>
      LIST_FILTERS[k].includes(stray[0] as ListFilterName),
    );
    throw badUserInput(
      `\`${stray[0]}\` filters ${kinds.map(kindPath).join(' and ') || 'no'} lists, not ${kindPath(kind)}; ${kindPath(kind)} ${takes}.`,
      ['where', stray[0]],
    );
  }
  switch (kind) {
    case 'ALGORITHM':
      return listAlgorithms(ctx, where, page);
    case 'QUALITY':
      return listQualities(ctx, where, page);
    case 'PATTERN':
      return listPatterns(ctx, where, page);
    case 'STYLE':
      return listStyles(ctx, where, page);
    case 'TRADEOFF':
      return listTradeoffs(ctx, where, page);
    case 'REFERENCE':
      return listReferences(ctx, where, page);
    case 'DECISION_RECORD':
      return listDecisionRecords(ctx, where, page);
    case 'SCENARIO':
    case 'CASE_STUDY':
    case 'COMPONENT':
    case 'CONSTRAINT_TYPE':
    case 'CONCEPT':
    case 'CHALLENGE':
    case 'MODEL':
      return listOfKind(ctx, kind, [], page);
  }
}
