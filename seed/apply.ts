// Writes validated content to the database in one transaction: entries are upserted by slug,
// unchanged entries (same content hash) are left alone, and nothing is deleted.
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../src/db/client';
import type { EntryKind, Prisma } from '../src/generated/prisma/client';
import { levelToNumber } from '../src/services/levels';
import type { Content } from './load';
import type { SeedCitation, SeedEffects, SeedEntry, SeedKind } from './schema';

type Tx = Prisma.TransactionClient;

export interface SeedReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Entries in the database that the content does not mention; kept, never deleted. */
  notInContent: string[];
}

const KIND: Record<SeedKind, EntryKind> = {
  quality: 'QUALITY',
  algorithm: 'ALGORITHM',
  pattern: 'PATTERN',
  style: 'STYLE',
  scenario: 'SCENARIO',
  'case-study': 'CASE_STUDY',
  tradeoff: 'TRADEOFF',
  component: 'COMPONENT',
  'constraint-type': 'CONSTRAINT_TYPE',
  concept: 'CONCEPT',
  challenge: 'CHALLENGE',
  model: 'MODEL',
  reference: 'REFERENCE',
};

/** JSON with sorted keys, so the hash does not depend on the order fields were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(entry: SeedEntry): string {
  return createHash('sha256').update(canonical(entry)).digest('hex');
}

const CHUNK = 1000;
async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** Rows of the tables owned by entries, collected for the entries being (re)written. */
class OwnedRows {
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

  cite(list: SeedCitation[], owner: Omit<Prisma.CitationCreateManyInput, 'referenceId'>): void {
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

  add(entry: SeedEntry): void {
    const entryId = this.id(entry.slug);
    this.cite(entry.citations, { entryId });
    for (const r of entry.related) {
      this.relations.push({ fromId: entryId, toId: this.id(r.to), kind: r.kind, note: r.note });
    }
    entry.facts.forEach((f, position) => {
      const id = randomUUID();
      const { citations, ...fact } = f;
      this.facts.push({ id, entryId, position, ...fact });
      this.cite(citations, { factId: id });
    });
    switch (entry.kind) {
      case 'algorithm':
        for (const [quality, r] of Object.entries(entry.ratings)) {
          const id = randomUUID();
          this.ratings.push({
            id,
            algorithmId: entryId,
            qualityId: this.id(quality),
            level: levelToNumber(r.level),
            rationale: r.rationale,
            provenance: r.provenance ?? null,
          });
          this.cite(r.citations, { ratingId: id });
        }
        break;
      case 'pattern':
      case 'style':
        this.effect(entry.effects, { entryId });
        break;
      case 'scenario':
        for (const [quality, q] of Object.entries(entry.qualities)) {
          const id = randomUUID();
          this.scenarioQualities.push({
            id,
            scenarioId: entryId,
            qualityId: this.id(quality),
            importance: q.importance,
            note: q.note,
            provenance: q.provenance ?? null,
          });
          this.cite(q.citations, { scenarioQualityId: id });
        }
        entry.constraints.forEach((c, position) => {
          const id = randomUUID();
          this.scenarioConstraints.push({
            id,
            scenarioId: entryId,
            position,
            constraintTypeId: this.id(c.type),
            description: c.description,
            qualityId: c.quality ? this.id(c.quality) : null,
            atLeast: c.atLeast ? levelToNumber(c.atLeast) : null,
            atMost: c.atMost ? levelToNumber(c.atMost) : null,
            provenance: c.provenance ?? null,
            rationale: c.rationale ?? null,
          });
          this.cite(c.citations, { scenarioConstraintId: id });
        });
        break;
      case 'case-study':
        entry.goals.forEach((g, position) =>
          this.goals.push({
            caseStudyId: entryId,
            position,
            qualityId: g.quality ? this.id(g.quality) : null,
            description: g.description,
          }),
        );
        entry.decisions.forEach((d, position) => {
          const id = randomUUID();
          const { effects, citations, ...decision } = d;
          this.decisions.push({ id, caseStudyId: entryId, position, ...decision });
          this.effect(effects, { decisionId: id });
          this.cite(citations, { decisionId: id });
        });
        break;
      default:
        break;
    }
  }
}

/** Creates or updates the kind's detail row (updated in place so rows referring to it survive). */
async function writeDetail(tx: Tx, entryId: string, entry: SeedEntry, id: (slug: string) => string) {
  const where = { entryId };
  switch (entry.kind) {
    case 'quality': {
      const data = { category: entry.category, polarity: entry.polarity, measurement: entry.measurement };
      return tx.quality.upsert({ where, create: { entryId, ...data }, update: data });
    }
    case 'algorithm': {
      const { family, tasks, advantages, drawbacks } = entry;
      const data = { family, tasks, advantages, drawbacks };
      return tx.algorithm.upsert({ where, create: { entryId, ...data }, update: data });
    }
    case 'pattern': {
      const {
        patternKind,
        intent,
        motivation,
        solution,
        variants,
        benefits,
        costs,
        tradeoffs,
        alternatives,
      } = entry;
      const data = {
        patternKind,
        intent,
        motivation,
        solution,
        variants,
        benefits,
        costs,
        tradeoffs,
        alternatives,
      };
      return tx.pattern.upsert({ where, create: { entryId, ...data }, update: data });
    }
    case 'style': {
      const data = { structure: entry.structure, whenToUse: entry.whenToUse, examples: entry.examples };
      return tx.style.upsert({ where, create: { entryId, ...data }, update: data });
    }
    case 'scenario': {
      const data = { context: entry.context, task: entry.task ?? null };
      return tx.scenario.upsert({ where, create: { entryId, ...data }, update: data });
    }
    case 'case-study': {
      const { context, problems, insights, outcome } = entry;
      const data = { context, problems, insights, outcome };
      return tx.caseStudy.upsert({ where, create: { entryId, ...data }, update: data });
    }
    case 'tradeoff': {
      const data = {
        firstQualityId: id(entry.qualities[0]),
        secondQualityId: id(entry.qualities[1]),
        tension: entry.tension,
        examples: entry.examples,
      };
      return tx.tradeoff.upsert({ where, create: { entryId, ...data }, update: data });
    }
    case 'component': {
      const data = { responsibility: entry.responsibility, examples: entry.examples };
      return tx.component.upsert({ where, create: { entryId, ...data }, update: data });
    }
    case 'constraint-type':
      return tx.constraintType.upsert({
        where,
        create: { entryId, examples: entry.examples },
        update: { examples: entry.examples },
      });
    case 'concept':
      return tx.concept.upsert({
        where,
        create: { entryId, definition: entry.definition },
        update: { definition: entry.definition },
      });
    case 'challenge':
      return tx.challenge.upsert({
        where,
        create: { entryId, examples: entry.examples },
        update: { examples: entry.examples },
      });
    case 'reference': {
      const { referenceType, authors, year, venue, url, doi, readingRole } = entry;
      const data = {
        referenceType,
        authors,
        year: year ?? null,
        venue: venue ?? null,
        url: url ?? null,
        doi: doi ?? null,
        readingRole: readingRole ?? null,
      };
      return tx.reference.upsert({ where, create: { entryId, ...data }, update: data });
    }
    case 'model':
      return undefined;
  }
}

/** Detail tables that other kinds' rows point to are written first. */
const DETAIL_ORDER: SeedKind[] = ['quality', 'constraint-type', 'reference'];
const detailRank = (kind: SeedKind) => {
  const rank = DETAIL_ORDER.indexOf(kind);
  return rank === -1 ? DETAIL_ORDER.length : rank;
};

async function deleteDetailsOfOtherKinds(tx: Tx, entryId: string, kind: SeedKind): Promise<void> {
  const where = { entryId };
  const deletions: Record<SeedKind, () => Promise<unknown>> = {
    quality: () => tx.quality.deleteMany({ where }),
    algorithm: () => tx.algorithm.deleteMany({ where }),
    pattern: () => tx.pattern.deleteMany({ where }),
    style: () => tx.style.deleteMany({ where }),
    scenario: () => tx.scenario.deleteMany({ where }),
    'case-study': () => tx.caseStudy.deleteMany({ where }),
    tradeoff: () => tx.tradeoff.deleteMany({ where }),
    component: () => tx.component.deleteMany({ where }),
    'constraint-type': () => tx.constraintType.deleteMany({ where }),
    concept: () => tx.concept.deleteMany({ where }),
    challenge: () => tx.challenge.deleteMany({ where }),
    model: () => Promise.resolve(),
    reference: () => tx.reference.deleteMany({ where }),
  };
  for (const [other, remove] of Object.entries(deletions)) if (other !== kind) await remove();
}

export interface ApplyOptions {
  onProgress?: (message: string) => void;
}

export async function applyContent(
  db: Db,
  content: Content,
  options: ApplyOptions = {},
): Promise<SeedReport> {
  const progress = options.onProgress ?? (() => undefined);
  return db.$transaction(
    async (tx) => {
      const existing = await tx.entry.findMany({
        select: { id: true, slug: true, kind: true, contentHash: true },
      });
      const bySlug = new Map(existing.map((e) => [e.slug, e]));
      const ids = new Map(existing.map((e) => [e.slug, e.id]));
      const report: SeedReport = { created: [], updated: [], unchanged: [], notInContent: [] };
      const toWrite: { entry: SeedEntry; hash: string; previous?: (typeof existing)[number] }[] = [];

      for (const { entry } of content.entries) {
        const hash = contentHash(entry);
        const previous = bySlug.get(entry.slug);
        if (!previous) {
          ids.set(entry.slug, randomUUID());
          report.created.push(entry.slug);
          toWrite.push({ entry, hash });
        } else if (previous.contentHash !== hash) {
          report.updated.push(entry.slug);
          toWrite.push({ entry, hash, previous });
        } else {
          report.unchanged.push(entry.slug);
        }
      }
      const inContent = new Set(content.entries.map(({ entry }) => entry.slug));
      report.notInContent = existing.filter((e) => !inContent.has(e.slug)).map((e) => e.slug);
      progress(
        `${report.created.length} to create, ${report.updated.length} to update, ${report.unchanged.length} unchanged`,
      );
      if (toWrite.length === 0) return report;

      const rows = new OwnedRows(ids);
      const id = (slug: string) => rows.id(slug);
      const fresh = toWrite.filter((w) => !w.previous);
      await insertChunked(fresh, (chunk) =>
        tx.entry.createMany({
          data: chunk.map(({ entry, hash }) => ({
            id: id(entry.slug),
            kind: KIND[entry.kind],
            slug: entry.slug,
            title: entry.title,
            summary: entry.summary,
            body: entry.body,
            aliases: entry.aliases,
            contentHash: hash,
          })),
        }),
      );
      const changed = toWrite.filter((w) => w.previous);
      const changedIds = changed.map(({ entry }) => id(entry.slug));
      for (const { entry, hash, previous } of changed) {
        await tx.entry.update({
          where: { id: id(entry.slug) },
          data: {
            kind: KIND[entry.kind],
            title: entry.title,
            summary: entry.summary,
            body: entry.body,
            aliases: entry.aliases,
            contentHash: hash,
            revision: { increment: 1 },
          },
        });
        if (previous && previous.kind !== KIND[entry.kind]) {
          await deleteDetailsOfOtherKinds(tx, id(entry.slug), entry.kind);
        }
      }
      progress(`wrote ${toWrite.length} entries`);

      const ordered = [...toWrite].sort((a, b) => detailRank(a.entry.kind) - detailRank(b.entry.kind));
      for (const [i, { entry }] of ordered.entries()) {
        await writeDetail(tx, id(entry.slug), entry, id);
        if ((i + 1) % 1000 === 0) progress(`wrote details of ${i + 1}/${ordered.length} entries`);
      }

      if (changedIds.length > 0) {
        // Owned rows of changed entries are rebuilt from the content; citations of ratings,
        // effects, decisions and facts go with them (ON DELETE CASCADE).
        const owned = { in: changedIds };
        await tx.citation.deleteMany({ where: { entryId: owned } });
        await tx.relation.deleteMany({ where: { fromId: owned } });
        await tx.fact.deleteMany({ where: { entryId: owned } });
        await tx.qualityRating.deleteMany({ where: { algorithmId: owned } });
        await tx.qualityEffect.deleteMany({ where: { entryId: owned } });
        await tx.decision.deleteMany({ where: { caseStudyId: owned } });
        await tx.caseStudyGoal.deleteMany({ where: { caseStudyId: owned } });
        await tx.scenarioQuality.deleteMany({ where: { scenarioId: owned } });
        await tx.scenarioConstraint.deleteMany({ where: { scenarioId: owned } });
      }

      for (const { entry } of toWrite) rows.add(entry);
      await insertChunked(rows.ratings, (data) => tx.qualityRating.createMany({ data }));
      await insertChunked(rows.decisions, (data) => tx.decision.createMany({ data }));
      await insertChunked(rows.effects, (data) => tx.qualityEffect.createMany({ data }));
      await insertChunked(rows.goals, (data) => tx.caseStudyGoal.createMany({ data }));
      await insertChunked(rows.scenarioQualities, (data) => tx.scenarioQuality.createMany({ data }));
      await insertChunked(rows.scenarioConstraints, (data) => tx.scenarioConstraint.createMany({ data }));
      await insertChunked(rows.facts, (data) => tx.fact.createMany({ data }));
      await insertChunked(rows.relations, (data) => tx.relation.createMany({ data }));
      await insertChunked(rows.citations, (data) => tx.citation.createMany({ data }));
      // Caches of derived data compare against this revision.
      await tx.kbState.update({
        where: { id: 1 },
        data: { revision: { increment: 1 }, updatedAt: new Date() },
      });
      progress(
        `wrote ${rows.ratings.length} ratings, ${rows.effects.length} quality effects, ${rows.citations.length} citations, ${rows.relations.length} relations, ${rows.facts.length} facts`,
      );
      return report;
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}
