// Rows of the shared tables that entries own (ratings, effects, decisions, facts, relations,
// citations, ...), collected while the seed writes entries and inserted in bulk afterwards.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client';
import type { SeedCitation, SeedEffects } from './content';

export class OwnedRows {
  ratings: Prisma.QualityRatingCreateManyInput[] = [];
  effects: Prisma.QualityEffectCreateManyInput[] = [];
  decisions: Prisma.DecisionCreateManyInput[] = [];
  goals: Prisma.CaseStudyGoalCreateManyInput[] = [];
  scenarioQualities: Prisma.ScenarioQualityCreateManyInput[] = [];
  scenarioConstraints: Prisma.ScenarioConstraintCreateManyInput[] = [];
  facts: Prisma.FactCreateManyInput[] = [];
  relations: Prisma.RelationCreateManyInput[] = [];
  citations: Prisma.CitationCreateManyInput[] = [];

  constructor(private readonly ids: Map<string, string>) {}

  id(slug: string): string {
    const id = this.ids.get(slug);
    if (!id) throw new Error(`unresolved slug "${slug}" (the validator should have caught this)`);
    return id;
  }

  cite(list: readonly SeedCitation[], owner: Omit<Prisma.CitationCreateManyInput, 'referenceId'>): void {
    for (const c of list) {
      this.citations.push({ ...owner, referenceId: this.id(c.ref), locator: c.locator, quote: c.quote });
    }
  }

  effect(effects: SeedEffects, owner: { entryId: string } | { decisionId: string }): void {
    for (const [quality, e] of Object.entries(effects)) {
      const id = randomUUID();
      this.effects.push({
        id,
        ...owner,
        qualityId: this.id(quality),
        effect: e.effect,
        rationale: e.rationale,
      });
      this.cite(e.citations, { effectId: id });
    }
  }
}
