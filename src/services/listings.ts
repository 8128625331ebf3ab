// Listing entries of one kind with that kind's filters: the filters are translated and validated
// here, so resolvers and MCP tools only pass arguments through.
import type {
  DecisionStatus,
  PatternKind,
  QualityCategory,
  Polarity,
  ReadingRole,
  ReferenceType,
} from '../generated/prisma/client';
import { algorithmWhere, type AlgorithmFilterInput } from './algorithms';
import type { ServiceContext } from './context';
import { effectFilters, listOfKind } from './entries';
import { ratedQualityIds } from './facets';
import type { PageArgs } from './pagination';
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
