// DataLoaders, created fresh for every request: each relation is fetched with one `IN` query per
// batch, never per parent. The loaders on the hot paths of list pages (entries, detail rows,
// ratings, citations) read plain rows with raw SQL: the same columns, named as Prisma names them,
// without the client's query planning and result mapping per statement.
import { unstorableText } from '../services/arguments';
import DataLoader from 'dataloader';
import { readRows, selectList, unprefixed, type Db } from '../db/client';
import { giveWay, type Lane } from '../give-way';
import { Prisma } from '../generated/prisma/client';
import type { EntryKind } from '../generated/prisma/enums';
import { camelKind, KIND_LIST, type CamelKind, type DetailOf } from '../kinds';
import { currentRevision } from '../services/content-revision';
import type { EntryRow } from '../services/types';
import type { Algorithm, Citation, QualityRating } from '../generated/prisma/client';
import { loadMarkdownData, type MarkdownData } from './markdown';

/**
 * The most keys one statement looks up. Prisma compiles each statement in this thread (WASM), in
 * time that grows with its parameters (about 80 µs a key on a busy 2-core machine): the thousands
 * of keys a page of renderings can gather held the thread for over 100 ms in one `IN` list.
 * Statements of at most this many keys, each compiled on a turn of its own, take turns with other
 * requests; a list of the whole seeded knowledge base still fits one statement per loader.
 */
export const MAX_BATCH_SIZE = 1000;

/** One row per key (null when missing), in key order; each batch gives way first (in `lane`). */
export function one<V>(fetch: (keys: string[]) => Promise<V[]>, keyOf: (row: V) => string, lane?: Lane) {
  return new DataLoader<string, V | null>(
    async (keys) => {
      await giveWay(lane);
      const rows = await fetch([...keys]);
      const byKey = new Map(rows.map((row) => [keyOf(row), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );
}

/**
 * All rows per key (empty when none), in key order; rows keep the order the query gave them. Each
 * batch gives way first (in `lane`).
 */
export function many<V>(fetch: (keys: string[]) => Promise<V[]>, keyOf: (row: V) => string, lane?: Lane) {
  return new DataLoader<string, V[]>(
    async (keys) => {
      await giveWay(lane);
      const rows = await fetch([...keys]);
      const byKey = new Map<string, V[]>();
      for (const row of rows) {
        const key = keyOf(row);
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
      return keys.map((key) => byKey.get(key) ?? []);
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );
}

/** `one` and `many` for the loaders of one request, whose batches give way in its lane. */
function batchesIn(lane: Lane | undefined) {
  return {
    one: <V>(fetch: (keys: string[]) => Promise<V[]>, keyOf: (row: V) => string) => one(fetch, keyOf, lane),
    many: <V>(fetch: (keys: string[]) => Promise<V[]>, keyOf: (row: V) => string) => many(fetch, keyOf, lane),
  };
}
type Batches = ReturnType<typeof batchesIn>;

/** Kinds that have a detail table. */
type DetailKind = { [K in EntryKind]: DetailOf<K> extends null ? never : K }[EntryKind];

/** One loader of detail rows per kind, named after it (`caseStudy`), from the kinds' registry. */
function detailLoaders(db: Db, batch: Batches) {
  const byKind = new Map<EntryKind, DataLoader<string, unknown>>();
  for (const k of KIND_LIST) {
    const load = k.loadDetails;
    if (load)
      byKind.set(
        k.kind,
        batch.one(
          (keys) => load(db, keys) as Promise<{ entryId: string }[]>,
          (row) => row.entryId,
        ),
      );
  }
  const named = Object.fromEntries([...byKind].map(([kind, loader]) => [camelKind(kind), loader])) as {
    [K in DetailKind as CamelKind<K>]: DataLoader<string, DetailOf<K> | null>;
  };
  /** The same loaders by kind, for code that handles entries of any kind. */
  return { ...named, detailsByKind: byKind as ReadonlyMap<EntryKind, DataLoader<string, unknown>> };
}

/** Every column of `entry` Prisma maps (not the search columns only the database writes), by field. */
const ENTRY_FIELDS: Record<keyof EntryRow, string> = {
  id: 'e.id::text',
  kind: 'e.kind::text',
  slug: 'e.slug',
  title: 'e.title',
  summary: 'e.summary',
  body: 'e.body',
  aliases: 'e.aliases',
  searchPhrases: 'e.search_phrases',
  revision: 'e.revision',
  contentHash: 'e.content_hash',
  createdAt: 'e.created_at',
  updatedAt: 'e.updated_at',
};

export const ENTRY_COLUMNS = selectList(ENTRY_FIELDS);

const CITATION_COLUMNS = Prisma.raw(
  `c.id::text, c.reference_id::text AS "referenceId", c.locator, c.quote, c.entry_id::text AS "entryId",
   c.rating_id::text AS "ratingId", c.effect_id::text AS "effectId", c.decision_id::text AS "decisionId",
   c.fact_id::text AS "factId", c.scenario_quality_id::text AS "scenarioQualityId",
   c.scenario_constraint_id::text AS "scenarioConstraintId"`,
);

/** ENTRY_COLUMNS of a rating's quality, named "quality.<field>" (null but for one row per quality). */
const QUALITY_ENTRY_COLUMNS = selectList(ENTRY_FIELDS, 'quality.');
/** ENTRY_COLUMNS named "entry.<field>", beside other prefixed columns. */
const PREFIXED_ENTRY_COLUMNS = selectList(ENTRY_FIELDS, 'entry.');
type QualityEntryColumns = { [K in keyof EntryRow as `quality.${K & string}`]: EntryRow[K] | null };

/** The quality entry a rating row carries, when it carries one. */
function qualityEntryOf(row: QualityEntryColumns): EntryRow | null {
  return row['quality.id'] === null ? null : (unprefixed(row, 'quality.') as unknown as EntryRow);
}

/** Per kind that gives its detail fields as SQL: its detail table and the lookup's select list. */
const DETAIL_LOOKUPS = KIND_LIST.flatMap((k) =>
  k.detailFields && k.table
    ? [
        {
          kind: k.kind,
          table: Prisma.raw(k.table),
          columns: Prisma.sql`${PREFIXED_ENTRY_COLUMNS}, ${selectList(k.detailFields, 'detail.')}`,
        },
      ]
    : [],
);

/** Where a lookup hands the rows it read to the loaders that serve them. */
interface EntryPrimes {
  entry(entry: EntryRow): void;
  detail(entryId: string, detail: Record<string, unknown>): void;
}

/**
 * Entries of a DETAIL_LOOKUPS kind by slug, each with its detail row (and the `extra` columns) in
 * one statement; the entry and detail row of each are primed, and each comes back with its row.
 */
async function readEntriesWithDetail(
  db: Db,
  { kind, table, columns }: (typeof DETAIL_LOOKUPS)[number],
  slugs: string[],
  prime: EntryPrimes,
  extra: Prisma.Sql = Prisma.empty,
): Promise<{ entry: EntryRow; row: Record<string, unknown> }[]> {
  // A slug PostgreSQL cannot store (a NUL in a URL) names no entry: it is not sent at all.
  const rows = await readRows<Record<string, unknown>>(
    db,
    Prisma.sql`
    SELECT ${columns}${extra} FROM entry e
    LEFT JOIN ${table} d ON d.entry_id = e.id
    WHERE e.kind::text = ${kind}
      AND e.slug = ANY(${slugs.filter((slug) => !unstorableText(slug))}::text[])`,
  );
  return rows.map((row) => {
    const entry = unprefixed(row, 'entry.') as unknown as EntryRow;
    prime.entry(entry);
    // A missing detail row is left to the detail loader, which reports it (detailOf).
    if (row['detail.entryId'] !== null) prime.detail(entry.id, unprefixed(row, 'detail.'));
    return { entry, row };
  });
}

/**
 * Per kind in DETAIL_LOOKUPS: its entries by slug, each read with its detail row in one statement
 * (primed into the kind's detail loader and the entry loaders). Null for a slug that names no
 * entry of the kind.
 */
function entriesWithDetailBySlug(
  db: Db,
  batch: Batches,
  details: ReadonlyMap<EntryKind, DataLoader<string, unknown>>,
  prime: (entry: EntryRow) => void,
) {
  const byKind = new Map<EntryKind, DataLoader<string, EntryRow | null>>();
  for (const lookup of DETAIL_LOOKUPS) {
    const detailLoader = details.get(lookup.kind);
    if (!detailLoader) continue;
    const primes: EntryPrimes = { entry: prime, detail: (id, detail) => detailLoader.prime(id, detail) };
    byKind.set(
      lookup.kind,
      batch.one(
        async (keys) =>
          // entryWithDetailBySlug: the per-kind lookups (pattern(slug:)) of kinds with detail fields
          (await readEntriesWithDetail(db, lookup, keys, primes)).map(({ entry }) => entry),
        (e) => e.slug,
      ),
    );
  }
  return byKind as ReadonlyMap<EntryKind, DataLoader<string, EntryRow | null>>;
}

/** A rating's columns, over quality_rating aliased `r`. */
const RATING_COLUMNS = Prisma.raw(
  `r.id::text, r.algorithm_id::text AS "algorithmId", r.quality_id::text AS "qualityId", r.level::int,
   r.rationale, r.provenance::text`,
);

/** The rating of a row read with RATING_COLUMNS, without the other columns beside them. */
function ratingOf(row: QualityRating): QualityRating {
  const { id, algorithmId, qualityId, level, rationale, provenance } = row;
  return { id, algorithmId, qualityId, level, rationale, provenance };
}

/**
 * An entry read as JSON with `selectList(ENTRY_FIELDS, prefix)`: JSON has no timestamps, so the
 * two arrive as ISO 8601 strings (with their offset) and become dates again.
 */
function entryFromJson(row: Readonly<Record<string, unknown>>, prefix: string): EntryRow {
  const fields = unprefixed(row, prefix) as unknown as Omit<EntryRow, 'createdAt' | 'updatedAt'> & {
    createdAt: string;
    updatedAt: string;
  };
  return { ...fields, createdAt: new Date(fields.createdAt), updatedAt: new Date(fields.updatedAt) };
}

const ALGORITHM_LOOKUP = DETAIL_LOOKUPS.find((lookup) => lookup.kind === 'ALGORITHM');

/**
 * An algorithm's ratings as one more column of its lookup: a JSON array by quality title, each
 * rating with its quality's entry. Inside the subquery `e` is the quality's entry; `d` is still
 * the algorithm's detail row, and a rating always has one (quality_rating.algorithm_id references it).
 */
const RATINGS_AS_JSON = Prisma.sql`,
  (SELECT json_agg(x ORDER BY x."quality.title")
   FROM (SELECT ${RATING_COLUMNS}, ${QUALITY_ENTRY_COLUMNS}
         FROM quality_rating r JOIN entry e ON e.id = r.quality_id
         WHERE r.algorithm_id = d.entry_id) x) AS ratings`;

/**
 * Algorithms by slug with their ratings, for a lookup whose selection reads the ratings
 * (`algorithm(slug:) { ratings { … } }`): the entry, its detail row and its ratings, each rating
 * with its quality's entry, in one statement instead of two (the ratings as one JSON array per
 * algorithm, by quality title as ratingsByAlgorithm orders them). Everything read is primed into
 * the loaders that serve it (the qualities' entries as entries). Null for a slug that names no
 * algorithm.
 */
function algorithmsWithRatingsBySlug(
  db: Db,
  batch: Batches,
  prime: EntryPrimes & { ratings(algorithmId: string, ratings: QualityRating[]): void },
) {
  if (!ALGORITHM_LOOKUP) throw new Error('the algorithm kind gives no detail fields as SQL');
  return batch.one(
    async (keys) => {
      // algorithmWithRatingsBySlug: algorithm(slug:) when its ratings are selected
      const read = await readEntriesWithDetail(db, ALGORITHM_LOOKUP, keys, prime, RATINGS_AS_JSON);
      return read.map(({ entry, row }) => {
        const json = (row.ratings ?? []) as Record<string, unknown>[];
        prime.ratings(
          entry.id,
          json.map((rating) => {
            prime.entry(entryFromJson(rating, 'quality.'));
            return ratingOf(rating as unknown as QualityRating);
          }),
        );
        return entry;
      });
    },
    (e) => e.slug,
  );
}

/** Loaders of rows and relations. */
function createRowLoaders(db: Db, batch: Batches) {
  const inKeys = (keys: string[]) => ({ in: keys });
  const byEntry = (keys: string[]) => ({ where: { entryId: inKeys(keys) } });
  const entryById = batch.one(
    (keys) =>
      // entryById: every field naming an entry by id
      readRows<EntryRow>(
        db,
        Prisma.sql`
        SELECT ${ENTRY_COLUMNS} FROM entry e WHERE e.id = ANY(${keys}::uuid[])`,
      ),
    (e) => e.id,
  );
  const entryBySlug = batch.one(
    // A slug PostgreSQL cannot store (a NUL in a URL) names no entry: it is not sent at all.
    (keys) =>
      // entryBySlug: entry(slug:) and the per-kind lookups of kinds without detail fields
      readRows<EntryRow>(
        db,
        Prisma.sql`
        SELECT ${ENTRY_COLUMNS} FROM entry e
        WHERE e.slug = ANY(${keys.filter((key) => !unstorableText(key))}::text[])`,
      ),
    (e) => e.slug,
  );
  const details = detailLoaders(db, batch);
  /** An entry read by another lookup, primed into both entry loaders. */
  const primeEntry = (entry: EntryRow) => {
    entryById.prime(entry.id, entry);
    entryBySlug.prime(entry.slug, entry);
  };
  const ratingsByAlgorithm = batch.many(
    async (keys) => {
      // ratingsByAlgorithm: Algorithm.ratings, by quality title; the first rating of each quality
      // also carries the quality's entry, primed into entryById (QualityRating.quality reads it).
      const rows = await readRows<QualityRating & QualityEntryColumns>(
        db,
        Prisma.sql`
        WITH r AS (
          SELECT r.*, row_number() OVER (PARTITION BY r.quality_id) = 1 AS first
          FROM quality_rating r WHERE r.algorithm_id = ANY(${keys}::uuid[]))
        SELECT ${RATING_COLUMNS}, ${QUALITY_ENTRY_COLUMNS}
        FROM r JOIN entry q ON q.id = r.quality_id
        LEFT JOIN entry e ON r.first AND e.id = r.quality_id
        ORDER BY q.title`,
      );
      return rows.map((row) => {
        const quality = qualityEntryOf(row);
        if (quality) entryById.prime(quality.id, quality);
        return ratingOf(row);
      });
    },
    (r) => r.algorithmId,
  );
  return {
    entryById,
    entryBySlug,
    ...details,
    entryWithDetailBySlug: entriesWithDetailBySlug(db, batch, details.detailsByKind, primeEntry),

    ratingsByAlgorithm,
    algorithmWithRatingsBySlug: algorithmsWithRatingsBySlug(db, batch, {
      entry: primeEntry,
      detail: (entryId, detail) => details.algorithm.prime(entryId, detail as unknown as Algorithm),
      ratings: (algorithmId, ratings) => ratingsByAlgorithm.prime(algorithmId, ratings),
    }),
    ratingsByQuality: batch.many(
      (keys) =>
        db.qualityRating.findMany({
          where: { qualityId: inKeys(keys) },
          orderBy: { algorithm: { entry: { title: 'asc' } } },
        }),
      (r) => r.qualityId,
    ),

    citationsByEntry: batch.many(
      (keys) => db.citation.findMany(byEntry(keys)),
      (c) => c.entryId ?? '',
    ),
    citationsByRating: batch.many(
      (keys) =>
        // citationsByRating: QualityRating.citations
        readRows<Citation>(
          db,
          Prisma.sql`
          SELECT ${CITATION_COLUMNS} FROM citation c WHERE c.rating_id = ANY(${keys}::uuid[])`,
        ),
      (c) => c.ratingId ?? '',
    ),
    citationsByEffect: batch.many(
      (keys) => db.citation.findMany({ where: { effectId: inKeys(keys) } }),
      (c) => c.effectId ?? '',
    ),
    citationsByDecision: batch.many(
      (keys) => db.citation.findMany({ where: { decisionId: inKeys(keys) } }),
      (c) => c.decisionId ?? '',
    ),
    citationsByScenarioQuality: batch.many(
      (keys) => db.citation.findMany({ where: { scenarioQualityId: inKeys(keys) } }),
      (c) => c.scenarioQualityId ?? '',
    ),
    citationsByScenarioConstraint: batch.many(
      (keys) => db.citation.findMany({ where: { scenarioConstraintId: inKeys(keys) } }),
      (c) => c.scenarioConstraintId ?? '',
    ),
    citationsByFact: batch.many(
      (keys) => db.citation.findMany({ where: { factId: inKeys(keys) } }),
      (c) => c.factId ?? '',
    ),

    effectsByEntry: batch.many(
      (keys) =>
        db.qualityEffect.findMany({
          ...byEntry(keys),
          orderBy: { quality: { entry: { title: 'asc' } } },
        }),
      (e) => e.entryId ?? '',
    ),
    effectsByDecision: batch.many(
      (keys) => db.qualityEffect.findMany({ where: { decisionId: inKeys(keys) } }),
      (e) => e.decisionId ?? '',
    ),
    effectsByQuality: batch.many(
      (keys) => db.qualityEffect.findMany({ where: { qualityId: inKeys(keys) } }),
      (e) => e.qualityId,
    ),

    relationsFrom: batch.many(
      (keys) => db.relation.findMany({ where: { fromId: inKeys(keys) } }),
      (r) => r.fromId,
    ),
    relationsTo: batch.many(
      (keys) => db.relation.findMany({ where: { toId: inKeys(keys) } }),
      (r) => r.toId,
    ),
    factsByEntry: batch.many(
      (keys) => db.fact.findMany({ ...byEntry(keys), orderBy: { position: 'asc' } }),
      (f) => f.entryId,
    ),

    scenarioQualities: batch.many(
      (keys) =>
        db.scenarioQuality.findMany({
          where: { scenarioId: inKeys(keys) },
          orderBy: [{ importance: 'asc' }, { quality: { entry: { title: 'asc' } } }],
        }),
      (q) => q.scenarioId,
    ),
    scenarioConstraints: batch.many(
      (keys) =>
        db.scenarioConstraint.findMany({
          where: { scenarioId: inKeys(keys) },
          orderBy: { position: 'asc' },
        }),
      (c) => c.scenarioId,
    ),
    decisionsByCaseStudy: batch.many(
      (keys) => db.decision.findMany({ where: { caseStudyId: inKeys(keys) }, orderBy: { position: 'asc' } }),
      (d) => d.caseStudyId,
    ),
    decisionById: batch.one(
      (keys) => db.decision.findMany({ where: { id: inKeys(keys) } }),
      (d) => d.id,
    ),
    goalsByCaseStudy: batch.many(
      (keys) =>
        db.caseStudyGoal.findMany({
          where: { caseStudyId: inKeys(keys) },
          orderBy: { position: 'asc' },
        }),
      (g) => g.caseStudyId,
    ),
    tradeoffsByQuality: new DataLoader<string, string[]>(async (keys) => {
      const rows = await db.tradeoff.findMany({
        where: { OR: [{ firstQualityId: { in: [...keys] } }, { secondQualityId: { in: [...keys] } }] },
        select: { entryId: true, firstQualityId: true, secondQualityId: true },
        orderBy: { entry: { title: 'asc' } },
      });
      return keys.map((key) =>
        rows.filter((r) => r.firstQualityId === key || r.secondQualityId === key).map((r) => r.entryId),
      );
    }),

    /** Reference ids cited anywhere in an entry (see the entry_reference view). */
    referenceIdsByEntry: batch.many(
      (keys) =>
        // entryReferences: Entry.references
        readRows<{ entry_id: string; reference_id: string }>(
          db,
          Prisma.sql`
          SELECT er.entry_id::text, er.reference_id::text FROM entry_reference er
          JOIN entry r ON r.id = er.reference_id
          WHERE er.entry_id = ANY(${keys}::uuid[]) ORDER BY r.title`,
        ),
      (row) => row.entry_id,
    ),
    /** Entry ids citing a reference anywhere. */
    citingEntryIdsByReference: batch.many(
      (keys) =>
        // citedBy: Reference.citedBy
        readRows<{ entry_id: string; reference_id: string }>(
          db,
          Prisma.sql`
          SELECT er.entry_id::text, er.reference_id::text FROM entry_reference er
          JOIN entry e ON e.id = er.entry_id
          WHERE er.reference_id = ANY(${keys}::uuid[]) ORDER BY e.title`,
        ),
      (row) => row.reference_id,
    ),
  };
}

export type RowLoaders = ReturnType<typeof createRowLoaders>;

/**
 * `revision`: the content revision when it has already been read for this request; `lane`: the
 * request's (see giveWay).
 */
export function createLoaders(db: Db, revision?: Promise<bigint>, lane?: Lane) {
  const rows = createRowLoaders(db, batchesIn(lane));
  return {
    ...rows,
    /**
     * The content revision, read at most once per request: the response cache keys on it and the
     * rating matrix checks its freshness against it.
     */
    contentRevision: (): Promise<bigint> => (revision ??= currentRevision(db)),
    /**
     * What the Markdown renderings of entries need, loaded for all entries asked for in one tick
     * together (a list of entries asking for `markdown` costs the same few statements as one).
     */
    markdownData: new DataLoader<EntryRow, MarkdownData, string>(
      async (entries) => {
        const data = await loadMarkdownData(rows, entries);
        return entries.map(() => data);
      },
      { cacheKeyFn: (entry) => entry.id },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
