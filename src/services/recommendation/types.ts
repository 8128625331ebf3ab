// Result shapes of the recommendation services (the codegen mappers point here): entries are
// referred to by id and resolved through the request's loaders.
import type { Provenance } from '../../generated/prisma/client';
import type { LevelName } from '../levels';
import type { CitationRow, EffectRow } from '../types';

export type Source = 'INPUT' | 'SCENARIO';

export interface AppliedConstraintResult {
  qualityId: string;
  atLeast: LevelName | null;
  atMost: LevelName | null;
  capability: boolean;
  source: Source;
}

export interface AppliedWeightResult {
  qualityId: string;
  weight: number;
  source: Source;
}

export interface ViolationResult {
  qualityId: string;
  required: string;
  atLeast: LevelName | null;
  atMost: LevelName | null;
  capability: boolean;
  actual: LevelName | null;
}

/** One reason of an explanation: the candidate's rating on a bounded or weighted quality. */
export interface ExplanationItemResult {
  qualityId: string;
  level: LevelName;
  value: number;
  goodness: number;
  violatesBound: boolean;
  weight: number | null;
  text: string;
  provenance: Provenance | null;
  citations: CitationRow[];
}

export interface ContributionResult {
  qualityId: string;
  weight: number;
  level: LevelName | null;
  goodness: number;
  contribution: number;
  rationale: string | null;
  provenance: Provenance | null;
  citations: CitationRow[];
}

export interface CandidateResult {
  rank: number;
  algorithmId: string;
  score: number;
  satisfiesAll: boolean;
  nearMiss: boolean;
  paretoOptimal: boolean;
  violations: ViolationResult[];
  contributions: ContributionResult[];
  explanation: string[];
  reasons: ExplanationItemResult[];
}

export interface RecommendationResult {
  task: string | null;
  scenarioId: string | null;
  constraints: AppliedConstraintResult[];
  weights: AppliedWeightResult[];
  candidates: CandidateResult[];
  nearMisses: CandidateResult[];
  evaluatedCount: number;
  satisfyingCount: number;
  summary: string[];
}

export interface ArchitectureCandidateResult {
  entryId: string;
  score: number;
  promotes: EffectRow[];
  inhibits: EffectRow[];
  explanation: string[];
}

export interface ArchitectureResult {
  candidates: ArchitectureCandidateResult[];
  excluded: ArchitectureCandidateResult[];
}

export interface ComparisonCellResult {
  qualityId: string;
  level: LevelName | null;
  value: number | null;
  rationale: string | null;
  provenance: Provenance | null;
  citations: CitationRow[];
}

export interface ComparisonRowResult {
  algorithmId: string;
  cells: ComparisonCellResult[];
}

export interface ComparisonResult {
  qualityIds: string[];
  rows: ComparisonRowResult[];
}

export interface TradeoffEndResult {
  qualityId: string;
  algorithmIds: string[];
}
