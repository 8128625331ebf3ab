// What the Markdown renderings of a batch of entries need, loaded in four batched steps, each one
// query per kind of row however many entries there are. Which rows an entry needs follows from
// its kind's definition (src/kinds): its detail row and the shared rows it declares.
import type DataLoader from 'dataloader';
import type { EntryKind } from '../generated/prisma/enums';
import { KINDS } from '../kinds';
import type { KindDefinition, SharedRows } from '../kinds/define';
import type { EntryRow } from '../services/types';
import type { RowLoaders } from '.';

/** Loads many keys through a loader; the map holds each distinct key's value. */
async function loadMap<V>(loader: DataLoader<string, V>, keys: Iterable<string>): Promise<Map<string, V>> {
  const unique = [...new Set(keys)];
  const values = await loader.loadMany(unique);
  const map = new Map<string, V>();
  values.forEach((value, i) => {
    if (value instanceof Error) throw value;
    map.set(unique[i] as string, value);
  });
  return map;
}

/** Awaits an object of promises in parallel, keeping the names (no positional pairing). */
async function allOf<T extends Record<string, Promise<unknown>>>(
  promises: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const values = await Promise.all(Object.values(promises));
  return Object.fromEntries(Object.keys(promises).map((key, i) => [key, values[i]])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

/** Everything the renderings of a batch of entries need, shared by the batch. */
export type MarkdownData = Awaited<ReturnType<typeof loadMarkdownData>>;

/** The detail rows of entries of any kind, by entry id. */
async function loadDetails(loaders: RowLoaders, entries: readonly EntryRow[]): Promise<Map<string, unknown>> {
  const byKind = new Map<EntryKind, string[]>();
  for (const e of entries) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e.id]);
  const maps = await Promise.all(
    [...byKind].map(([kind, ids]) => {
      const loader = loaders.detailsByKind.get(kind);
      return loader ? loadMap(loader, ids) : Promise.resolve(new Map<string, unknown>());
    }),
  );
  return new Map(maps.flatMap((m) => [...m]));
}

export async function loadMarkdownData(loaders: RowLoaders, entries: readonly EntryRow[]) {
  /** Ids of the entries whose kind renders these shared rows. */
  const idsWith = (rows: SharedRows) =>
    entries.filter((e) => KINDS[e.kind].sharedRows.includes(rows)).map((e) => e.id);
  const all = entries.map((e) => e.id);

  // Step 1: the entries' own rows.
  const [details, own] = await Promise.all([
    loadDetails(loaders, entries),
    allOf({
      relationsFrom: loadMap(loaders.relationsFrom, all),
      relationsTo: loadMap(loaders.relationsTo, all),
      entryCitations: loadMap(loaders.citationsByEntry, all),
      entryReferences: loadMap(loaders.referenceIdsByEntry, all),
      facts: loadMap(loaders.factsByEntry, all),
      algorithmRatings: loadMap(loaders.ratingsByAlgorithm, idsWith('algorithmRatings')),
      qualityRatings: loadMap(loaders.ratingsByQuality, idsWith('qualityRatings')),
      entryEffects: loadMap(loaders.effectsByEntry, idsWith('entryEffects')),
      qualityEffects: loadMap(loaders.effectsByQuality, idsWith('qualityEffects')),
      scenarioQualities: loadMap(loaders.scenarioQualities, idsWith('scenarioQualities')),
      scenarioConstraints: loadMap(loaders.scenarioConstraints, idsWith('scenarioConstraints')),
      decisions: loadMap(loaders.decisionsByCaseStudy, idsWith('decisions')),
      goals: loadMap(loaders.goalsByCaseStudy, idsWith('goals')),
      qualityTradeoffs: loadMap(loaders.tradeoffsByQuality, idsWith('qualityTradeoffs')),
      citingEntries: loadMap(loaders.citingEntryIdsByReference, idsWith('citingEntries')),
    }),
  ]);
  const {
    relationsFrom,
    relationsTo,
    entryCitations,
    entryReferences,
    facts,
    algorithmRatings,
    qualityRatings,
    entryEffects,
    qualityEffects,
    scenarioQualities,
    scenarioConstraints,
    decisions,
    goals,
    qualityTradeoffs,
    citingEntries,
  } = own;

  // Step 2: what hangs off those rows: decisions' effects, the decisions other effects belong
  // to, and the citations of ratings, facts, decisions and scenario rows.
  const ratings = [...algorithmRatings.values(), ...qualityRatings.values()].flat();
  const ownDecisions = [...decisions.values()].flat();
  const second = await allOf({
    decisionEffects: loadMap(
      loaders.effectsByDecision,
      ownDecisions.map((d) => d.id),
    ),
    effectDecisions: loadMap(
      loaders.decisionById,
      [...qualityEffects.values()].flat().flatMap((e) => (e.decisionId ? [e.decisionId] : [])),
    ),
    ratingCitations: loadMap(
      loaders.citationsByRating,
      ratings.map((r) => r.id),
    ),
    factCitations: loadMap(
      loaders.citationsByFact,
      [...facts.values()].flat().map((f) => f.id),
    ),
    decisionCitations: loadMap(
      loaders.citationsByDecision,
      ownDecisions.map((d) => d.id),
    ),
    scenarioQualityCitations: loadMap(
      loaders.citationsByScenarioQuality,
      [...scenarioQualities.values()].flat().map((q) => q.id),
    ),
    scenarioConstraintCitations: loadMap(
      loaders.citationsByScenarioConstraint,
      [...scenarioConstraints.values()].flat().map((c) => c.id),
    ),
  });

  // Step 3: the citations of every effect.
  const effects = [entryEffects, qualityEffects, second.decisionEffects].flatMap((m) =>
    [...m.values()].flat(),
  );
  const effectCitations = await loadMap(
    loaders.citationsByEffect,
    effects.map((e) => e.id),
  );

  // Step 4: every entry named anywhere (titles and slugs) and the details of every reference.
  const citations = [
    entryCitations,
    second.ratingCitations,
    second.factCitations,
    second.decisionCitations,
    effectCitations,
    second.scenarioQualityCitations,
    second.scenarioConstraintCitations,
  ]
    .flatMap((m) => [...m.values()])
    .flat();
  // Entry.references of each entry: the References list numbers them first, in that order.
  const referenceIds = [...entryReferences.values()].flat().map((row) => row.reference_id);
  const detailNames = entries.flatMap((e) => {
    const detail = details.get(e.id);
    const kind: KindDefinition = KINDS[e.kind];
    return detail && kind.namedIds ? kind.namedIds(detail) : [];
  });
  const named = new Set<string>([
    ...[...relationsFrom.values()].flat().map((r) => r.toId),
    ...[...relationsTo.values()].flat().map((r) => r.fromId),
    ...ratings.flatMap((r) => [r.algorithmId, r.qualityId]),
    ...effects.flatMap((e) => [e.qualityId, ...(e.entryId ? [e.entryId] : [])]),
    ...[...second.effectDecisions.values()].flatMap((d) => (d ? [d.caseStudyId] : [])),
    ...[...scenarioQualities.values()].flat().map((q) => q.qualityId),
    ...[...scenarioConstraints.values()]
      .flat()
      .flatMap((c) => [c.constraintTypeId, ...(c.qualityId ? [c.qualityId] : [])]),
    ...[...goals.values()].flat().flatMap((g) => (g.qualityId ? [g.qualityId] : [])),
    ...detailNames,
    ...[...qualityTradeoffs.values()].flat(),
    ...[...citingEntries.values()].flat().map((row) => row.entry_id),
    ...citations.map((c) => c.referenceId),
    ...referenceIds,
  ]);
  const [namedEntries, references] = await Promise.all([
    loadMap(loaders.entryById, named),
    loadMap(loaders.reference, [...citations.map((c) => c.referenceId), ...referenceIds]),
  ]);

  return { details, ...own, ...second, effectCitations, entries: namedEntries, references };
}
