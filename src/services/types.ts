// Row shapes the services hand to resolvers (the codegen mappers point here).
import type {
  CaseStudyGoal,
  Citation,
  Decision,
  Entry,
  Fact,
  QualityEffect,
  QualityRating,
  RelationKind,
  ScenarioConstraint,
  ScenarioQuality,
} from '../generated/prisma/client';

export type EntryRow = Entry;
export type RatingRow = QualityRating;
export type CitationRow = Citation;
export type EffectRow = QualityEffect;
export type DecisionRow = Decision;
export type FactRow = Fact;
export type ScenarioQualityRow = ScenarioQuality;
export type ScenarioConstraintRow = ScenarioConstraint;
export type GoalRow = CaseStudyGoal;

export interface RelatedRow {
  kind: RelationKind;
  direction: 'OUTGOING' | 'INCOMING';
  note: string;
  entryId: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface EntryPageEdge {
  cursor: string;
  node: EntryRow;
}

export interface EntryPage {
  edges: EntryPageEdge[];
  nodes: EntryRow[];
  pageInfo: PageInfo;
  /** Counted only when a client asks for it: a getter, so reading the field runs the count. */
  readonly totalCount: Promise<number>;
}
