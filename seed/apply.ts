// Writes validated content to the database in one transaction: entries are upserted by slug,
// unchanged entries (same content hash) are left alone, and nothing is deleted.
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../src/db/client';
import { KIND_LIST, kindBySeedKind, type SeedEntry, type SeedKind } from '../src/kinds';
import type { KindDefinition, Tx } from '../src/kinds/define';
import { OwnedRows } from '../src/kinds/rows';
import type { Content } from './load';

export interface SeedReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Entries in the database that the content does not mention; kept, never deleted. */
  notInContent: string[];
}

/** The definition of an entry's kind. */
const kindOf = (entry: SeedEntry): KindDefinition => {
  const kind = kindBySeedKind(entry.kind);
  if (!kind) throw new Error(`unknown kind "${entry.kind}" (the validator should have caught this)`);
  return kind;
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

/** Collects the rows an entry owns: the shared ones here, the kind's own by its definition. */
function collectRows(rows: OwnedRows, entry: SeedEntry): void {
  const entryId = rows.id(entry.slug);
  rows.cite(entry.citations, { entryId });
  for (const r of entry.related) {
    rows.relations.push({ fromId: entryId, toId: rows.id(r.to), kind: r.kind, note: r.note });
  }
  entry.facts.forEach((f, position) => {
    const id = randomUUID();
    const { citations, ...fact } = f;
    rows.facts.push({ id, entryId, position, ...fact });
    rows.cite(citations, { factId: id });
  });
  kindOf(entry).ownRows?.(entry, entryId, rows);
}

/** Detail tables that other kinds' rows point to are written first. */
const DETAIL_ORDER: SeedKind[] = ['quality', 'constraint-type', 'reference'];
const detailRank = (kind: SeedKind) => {
  const rank = DETAIL_ORDER.indexOf(kind);
  return rank === -1 ? DETAIL_ORDER.length : rank;
};

async function deleteDetailsOfOtherKinds(tx: Tx, entryId: string, kind: SeedKind): Promise<void> {
  for (const other of KIND_LIST) if (other.seedKind !== kind) await other.removeDetail(tx, entryId);
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
            kind: kindOf(entry).kind,
            slug: entry.slug,
            title: entry.title,
            summary: entry.summary,
            body: entry.body,
            aliases: entry.aliases,
            searchPhrases: entry.searchTerms ?? [],
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
            kind: kindOf(entry).kind,
            title: entry.title,
            summary: entry.summary,
            body: entry.body,
            aliases: entry.aliases,
            searchPhrases: entry.searchTerms ?? [],
            contentHash: hash,
            revision: { increment: 1 },
          },
        });
        if (previous && previous.kind !== kindOf(entry).kind) {
          await deleteDetailsOfOtherKinds(tx, id(entry.slug), entry.kind);
        }
      }
      progress(`wrote ${toWrite.length} entries`);

      const ordered = [...toWrite].sort((a, b) => detailRank(a.entry.kind) - detailRank(b.entry.kind));
      for (const [i, { entry }] of ordered.entries()) {
        await kindOf(entry).writeDetail(tx, id(entry.slug), entry, id);
        if ((i + 1) % 1000 === 0) progress(`wrote details of ${i + 1}/${ordered.length} entries`);
      }

      if (changedIds.length > 0) {
        // Owned rows of changed entries are rebuilt from the content; citations of ratings,
        // effects, decisions and facts go with them (ON DELETE CASCADE).
        const owned = { in: changedIds };
        await tx.citation.deleteMany({ where: { entryId: owned } });
        await tx.relation.deleteMany({ where: { fromId: owned } });
        await tx.fact.deleteMany({ where: { entryId: owned } });
        await tx.qualityEffect.deleteMany({ where: { entryId: owned } });
        for (const kind of KIND_LIST) await kind.removeOwned?.(tx, changedIds);
      }

      for (const { entry } of toWrite) collectRows(rows, entry);
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
