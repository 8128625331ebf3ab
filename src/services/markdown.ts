// Entries rendered as self-contained Markdown for an LLM's context window: the entry's text, its
// kind's fields, ratings and effects as tables, related entries, and a numbered list of every
// reference the rendering cites. Loading is batched over many entries at once (a fixed number of
// statements however many entries are rendered); rendering is a pure function of what was loaded.
import type DataLoader from 'dataloader';
import type {
  Algorithm,
  CaseStudy,
  Challenge,
  Component,
  Concept,
  ConstraintType,
  EntryKind,
  Pattern,
  Quality,
  Reference,
  Relation,
  Scenario,
  Style,
  Tradeoff,
} from '../generated/prisma/client';
import type { Loaders, RowLoaders } from '../loaders';
import { levelFromNumber } from './levels';
import { provenanceLabel } from './presentation';
import { formatCitation } from './references';
import { permalink } from './entries';
import type {
  CitationRow,
  DecisionRow,
  EffectRow,
  EntryRow,
  FactRow,
  GoalRow,
  RatingRow,
  ScenarioConstraintRow,
  ScenarioQualityRow,
} from './types';

/** What rendering needs from a request: its loaders and the base of permalinks. */
export interface MarkdownContext {
  loaders: Loaders;
  publicUrl: string;
}

/** One entry as Markdown. Concurrent calls in one request share their queries (see the loaders). */
export async function entryMarkdown(ctx: MarkdownContext, entry: EntryRow): Promise<string> {
  return render(await ctx.loaders.markdownData.load(entry), entry, ctx.publicUrl);
}

/** The Markdown of the entry with this slug; null when no entry has it. */
export async function markdownBySlug(ctx: MarkdownContext, slug: string): Promise<string | null> {
  const entry = await ctx.loaders.entryBySlug.load(slug);
  return entry ? entryMarkdown(ctx, entry) : null;
}

/** Many entries as Markdown, in the order given. */
export function renderMarkdown(ctx: MarkdownContext, entries: readonly EntryRow[]): Promise<string[]> {
  return Promise.all(entries.map((entry) => entryMarkdown(ctx, entry)));
}

// ---------------------------------------------------------------------------------- loading --

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
type Loaded = MarkdownData;

/**
 * Loads what the renderings of `entries` need in four batched steps, each one query per kind of
 * row, however many entries there are.
 */
export async function loadMarkdownData(loaders: RowLoaders, entries: readonly EntryRow[]) {
  const idsOf = (...kinds: EntryKind[]) => entries.filter((e) => kinds.includes(e.kind)).map((e) => e.id);
  const all = entries.map((e) => e.id);

  // Step 1: the entries' own rows.
  const [details, own] = await Promise.all([
    allOf({
      algorithms: loadMap(loaders.algorithm, idsOf('ALGORITHM')),
      qualities: loadMap(loaders.quality, idsOf('QUALITY')),
      patterns: loadMap(loaders.pattern, idsOf('PATTERN')),
      styles: loadMap(loaders.style, idsOf('STYLE')),
      scenarios: loadMap(loaders.scenario, idsOf('SCENARIO')),
      caseStudies: loadMap(loaders.caseStudy, idsOf('CASE_STUDY')),
      tradeoffs: loadMap(loaders.tradeoff, idsOf('TRADEOFF')),
      components: loadMap(loaders.component, idsOf('COMPONENT')),
      constraintTypes: loadMap(loaders.constraintType, idsOf('CONSTRAINT_TYPE')),
      concepts: loadMap(loaders.concept, idsOf('CONCEPT')),
      challenges: loadMap(loaders.challenge, idsOf('CHALLENGE')),
    }),
    allOf({
      relationsFrom: loadMap(loaders.relationsFrom, all),
      relationsTo: loadMap(loaders.relationsTo, all),
      entryCitations: loadMap(loaders.citationsByEntry, all),
      facts: loadMap(loaders.factsByEntry, all),
      algorithmRatings: loadMap(loaders.ratingsByAlgorithm, idsOf('ALGORITHM')),
      qualityRatings: loadMap(loaders.ratingsByQuality, idsOf('QUALITY')),
      entryEffects: loadMap(loaders.effectsByEntry, idsOf('PATTERN', 'STYLE')),
      qualityEffects: loadMap(loaders.effectsByQuality, idsOf('QUALITY')),
      scenarioQualities: loadMap(loaders.scenarioQualities, idsOf('SCENARIO')),
      scenarioConstraints: loadMap(loaders.scenarioConstraints, idsOf('SCENARIO')),
      decisions: loadMap(loaders.decisionsByCaseStudy, idsOf('CASE_STUDY')),
      goals: loadMap(loaders.goalsByCaseStudy, idsOf('CASE_STUDY')),
      qualityTradeoffs: loadMap(loaders.tradeoffsByQuality, idsOf('QUALITY')),
      citingEntries: loadMap(loaders.citingEntryIdsByReference, idsOf('REFERENCE')),
    }),
  ]);

  const {
    relationsFrom,
    relationsTo,
    entryCitations,
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
  const { tradeoffs } = details;

  // Step 2: what hangs off those rows: decisions' effects, the decisions other effects belong
  // to, and the citations of ratings, facts and decisions.
  const ratings = [...algorithmRatings.values(), ...qualityRatings.values()].flat();
  const ownDecisions = [...decisions.values()].flat();
  const [
    decisionEffects,
    effectDecisions,
    ratingCitations,
    factCitations,
    decisionCitations,
    scenarioQualityCitations,
    scenarioConstraintCitations,
  ] = await Promise.all([
    loadMap(
      loaders.effectsByDecision,
      ownDecisions.map((d) => d.id),
    ),
    loadMap(
      loaders.decisionById,
      [...qualityEffects.values()].flat().flatMap((e) => (e.decisionId ? [e.decisionId] : [])),
    ),
    loadMap(
      loaders.citationsByRating,
      ratings.map((r) => r.id),
    ),
    loadMap(
      loaders.citationsByFact,
      [...facts.values()].flat().map((f) => f.id),
    ),
    loadMap(
      loaders.citationsByDecision,
      ownDecisions.map((d) => d.id),
    ),
    loadMap(
      loaders.citationsByScenarioQuality,
      [...scenarioQualities.values()].flat().map((q) => q.id),
    ),
    loadMap(
      loaders.citationsByScenarioConstraint,
      [...scenarioConstraints.values()].flat().map((c) => c.id),
    ),
  ]);

  // Step 3: the citations of every effect.
  const effects = [entryEffects, qualityEffects, decisionEffects].flatMap((m) => [...m.values()].flat());
  const effectCitations = await loadMap(
    loaders.citationsByEffect,
    effects.map((e) => e.id),
  );

  // Step 4: every entry named anywhere (titles and slugs) and the details of every reference.
  const citations = [
    entryCitations,
    ratingCitations,
    factCitations,
    decisionCitations,
    effectCitations,
    scenarioQualityCitations,
    scenarioConstraintCitations,
  ]
    .flatMap((m) => [...m.values()])
    .flat();
  const named = new Set<string>([
    ...[...relationsFrom.values()].flat().map((r) => r.toId),
    ...[...relationsTo.values()].flat().map((r) => r.fromId),
    ...ratings.flatMap((r) => [r.algorithmId, r.qualityId]),
    ...effects.flatMap((e) => [e.qualityId, ...(e.entryId ? [e.entryId] : [])]),
    ...[...effectDecisions.values()].flatMap((d) => (d ? [d.caseStudyId] : [])),
    ...[...scenarioQualities.values()].flat().map((q) => q.qualityId),
    ...[...scenarioConstraints.values()]
      .flat()
      .flatMap((c) => [c.constraintTypeId, ...(c.qualityId ? [c.qualityId] : [])]),
    ...[...goals.values()].flat().flatMap((g) => (g.qualityId ? [g.qualityId] : [])),
    ...[...tradeoffs.values()].flatMap((t) => (t ? [t.firstQualityId, t.secondQualityId] : [])),
    ...[...qualityTradeoffs.values()].flat(),
    ...[...citingEntries.values()].flat().map((row) => row.entry_id),
    ...citations.map((c) => c.referenceId),
  ]);
  const [named_, references] = await Promise.all([
    loadMap(loaders.entryById, named),
    loadMap(loaders.reference, [...citations.map((c) => c.referenceId), ...idsOf('REFERENCE')]),
  ]);

  return {
    details,
    ...own,
    decisionEffects,
    effectDecisions,
    ratingCitations,
    factCitations,
    decisionCitations,
    effectCitations,
    scenarioQualityCitations,
    scenarioConstraintCitations,
    entries: named_,
    references,
  };
}

// -------------------------------------------------------------------------------- rendering --

const KIND_LABEL: Record<EntryKind, string> = {
  QUALITY: 'Quality attribute',
  ALGORITHM: 'ML algorithm',
  PATTERN: 'Pattern',
  STYLE: 'Architectural style',
  SCENARIO: 'Scenario',
  CASE_STUDY: 'Case study',
  TRADEOFF: 'Trade-off',
  COMPONENT: 'Component',
  CONSTRAINT_TYPE: 'Constraint type',
  CONCEPT: 'Concept',
  CHALLENGE: 'Design challenge',
  MODEL: 'Model',
  REFERENCE: 'Reference',
};

/** How a link reads from the entry it is listed on (outgoing, incoming). */
const RELATION_LABEL: Record<Relation['kind'], [string, string]> = {
  RELATED: ['Related', 'Related'],
  ALTERNATIVE: ['Alternative', 'Alternative'],
  USES: ['Uses', 'Used by'],
  PART_OF: ['Part of', 'Has part'],
  EXAMPLE_OF: ['Example of', 'Has example'],
};

/** Words for enum values: `ARCHITECTURAL_TACTIC` → `architectural tactic`. */
const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');

/** A table cell: pipes escaped, line breaks kept as `<br>`, so a cell never breaks the table. */
export function cell(text: string): string {
  return text
    .trim()
    .replace(/\r\n?|\n/g, '<br>')
    .replace(/\|/g, '\\|');
}

/**
 * A Markdown table. Columns named in `optional` are left out when every row's cell in them is
 * empty (a Provenance column where no judgement states one).
 */
function table(
  header: readonly string[],
  allRows: readonly (readonly string[])[],
  optional: readonly string[] = [],
): string[] {
  const keep = header.map(
    (name, i) => !optional.includes(name) || allRows.some((row) => (row[i] ?? '').trim() !== ''),
  );
  const pick = <T>(list: readonly T[]) => list.filter((_, i) => keep[i]);
  header = pick(header);
  const rows = allRows.map(pick);
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** Numbers the references of one rendering in order of first citation. */
class Citer {
  private readonly numbers = new Map<string, number>();

  constructor(private readonly loaded: Loaded) {}

  /** "[1, slide 'X']; [2]" for a group of citations, ordered by reference title and locator. */
  mark(citations: readonly CitationRow[] | undefined): string {
    const title = (c: CitationRow) => this.loaded.entries.get(c.referenceId)?.title ?? '';
    const sorted = [...(citations ?? [])].sort(
      (a, b) =>
        title(a).localeCompare(title(b), 'en') ||
        (a.locator ?? '').localeCompare(b.locator ?? '', 'en') ||
        a.referenceId.localeCompare(b.referenceId),
    );
    const numbered = sorted.map((c) => {
      let n = this.numbers.get(c.referenceId);
      if (n === undefined) {
        n = this.numbers.size + 1;
        this.numbers.set(c.referenceId, n);
      }
      return { n, locator: c.locator ?? '' };
    });
    numbered.sort((a, b) => a.n - b.n || a.locator.localeCompare(b.locator, 'en'));
    return [...new Set(numbered.map(({ n, locator }) => `[${n}${locator ? `, ${locator}` : ''}]`))].join(
      '; ',
    );
  }

  /** The numbered list of every reference marked so far. */
  list(): { id: string; n: number }[] {
    return [...this.numbers.entries()].map(([id, n]) => ({ id, n }));
  }
}

function render(loaded: Loaded, entry: EntryRow, publicUrl: string): string {
  const out: string[] = [];
  const citer = new Citer(loaded);
  const named = (id: string) => {
    const e = loaded.entries.get(id);
    if (!e) throw new Error(`dangling reference to entry ${id}`);
    return e;
  };
  /** "Accuracy (`accuracy`)": a title with the slug to look it up by. */
  const ref = (id: string) => {
    const e = named(id);
    return `${e.title} (\`${e.slug}\`)`;
  };
  const section = (title: string, lines: readonly string[]) => {
    if (lines.length > 0) out.push('', `## ${title}`, '', ...lines);
  };
  const text = (title: string, value: string | null | undefined) => {
    if (value?.trim()) section(title, [value.trim()]);
  };
  const bullets = (title: string, items: readonly string[]) =>
    section(
      title,
      items.map((item) => `- ${item.trim()}`),
    );
  const fields = (pairs: readonly [string, string | null | undefined][]) =>
    pairs.filter(([, v]) => v?.trim()).map(([k, v]) => `- **${k}:** ${v?.trim()}`);
  const effectRows = (effects: readonly EffectRow[], first: (e: EffectRow) => string) =>
    effects.map((e) => [
      first(e),
      e.effect === 'PROMOTES' ? 'Promotes' : 'Inhibits',
      e.rationale,
      citer.mark(loaded.effectCitations.get(e.id)),
    ]);
  const effectsTable = (effects: readonly EffectRow[]) =>
    effects.length === 0
      ? []
      : table(
          ['Quality', 'Effect', 'Rationale', 'Sources'],
          effectRows(
            [...effects].sort((a, b) =>
              named(a.qualityId).title.localeCompare(named(b.qualityId).title, 'en'),
            ),
            (e) => ref(e.qualityId),
          ),
        );

  // Header: what the entry is and where it lives.
  out.push(`# ${entry.title}`, '');
  out.push(
    ...fields([
      ['Kind', KIND_LABEL[entry.kind]],
      ['Slug', `\`${entry.slug}\``],
      ['Permalink', permalink(publicUrl, entry.slug)],
      ['Also known as', entry.aliases.join('; ')],
      ['Revision', String(entry.revision)],
    ]),
  );
  out.push('', entry.summary.trim());
  if (entry.body.trim()) out.push('', entry.body.trim());
  const sources = citer.mark(loaded.entryCitations.get(entry.id));
  if (sources) out.push('', `**Sources:** ${sources}`);

  // The kind's own fields.
  const d = loaded.details;
  switch (entry.kind) {
    case 'ALGORITHM': {
      const a = d.algorithms.get(entry.id) as Algorithm;
      section(
        'Algorithm',
        fields([
          ['Family', a.family],
          ['Tasks', a.tasks.join(', ')],
        ]),
      );
      bullets('Advantages', a.advantages);
      bullets('Drawbacks', a.drawbacks);
      const ratings = loaded.algorithmRatings.get(entry.id) ?? [];
      if (ratings.length > 0) {
        section('Ratings', [
          'Levels (VERY_LOW to VERY_HIGH) are amounts of a quality, not its goodness: a HIGH training cost means expensive training.',
          '',
          ...table(
            ['Quality', 'Level', 'Rationale', 'Sources', 'Provenance'],
            ratings.map((r: RatingRow) => [
              ref(r.qualityId),
              levelFromNumber(r.level),
              r.rationale,
              citer.mark(loaded.ratingCitations.get(r.id)),
              provenanceLabel(r.provenance),
            ]),
            ['Provenance'],
          ),
        ]);
      }
      break;
    }
    case 'QUALITY': {
      const q = d.qualities.get(entry.id) as Quality;
      section(
        'Quality attribute',
        fields([
          ['Category', words(q.category)],
          [
            'Polarity',
            q.polarity === 'HIGHER_IS_BETTER' ? 'higher is better' : 'lower is better (less of it is better)',
          ],
          ['Measurement', q.measurement],
        ]),
      );
      const ratings = loaded.qualityRatings.get(entry.id) ?? [];
      if (ratings.length > 0) {
        section(
          'How algorithms rate',
          table(
            ['Algorithm', 'Level', 'Rationale', 'Sources', 'Provenance'],
            ratings.map((r) => [
              ref(r.algorithmId),
              levelFromNumber(r.level),
              r.rationale,
              citer.mark(loaded.ratingCitations.get(r.id)),
              provenanceLabel(r.provenance),
            ]),
            ['Provenance'],
          ),
        );
      }
      const source = (e: EffectRow) => {
        if (e.entryId) return ref(e.entryId);
        const decision = e.decisionId ? loaded.effectDecisions.get(e.decisionId) : null;
        return decision ? `Decision "${decision.title}" in ${ref(decision.caseStudyId)}` : '';
      };
      const effects = [...(loaded.qualityEffects.get(entry.id) ?? [])].map((e) => ({ e, by: source(e) }));
      effects.sort((x, y) => x.by.localeCompare(y.by, 'en'));
      if (effects.length > 0) {
        section(
          'Styles, patterns and decisions that affect it',
          table(
            ['Source', 'Effect', 'Rationale', 'Sources'],
            effectRows(
              effects.map((x) => x.e),
              source,
            ),
          ),
        );
      }
      bullets(
        'Trade-offs',
        (loaded.qualityTradeoffs.get(entry.id) ?? []).map(
          (id) => `${ref(id)}, ${permalink(publicUrl, named(id).slug)}`,
        ),
      );
      break;
    }
    case 'PATTERN': {
      const p = d.patterns.get(entry.id) as Pattern;
      section('Pattern', fields([['Pattern kind', words(p.patternKind)]]));
      text('Intent', p.intent);
      text('Motivation', p.motivation);
      text('Solution', p.solution);
      bullets('Variants', p.variants);
      bullets('Benefits', p.benefits);
      bullets('Costs', p.costs);
      bullets('Trade-offs', p.tradeoffs);
      text('Alternatives', p.alternatives);
      section('Quality effects', effectsTable(loaded.entryEffects.get(entry.id) ?? []));
      break;
    }
    case 'STYLE': {
      const s = d.styles.get(entry.id) as Style;
      text('Structure', s.structure);
      bullets('When to use', s.whenToUse);
      bullets('Examples', s.examples);
      section('Quality effects', effectsTable(loaded.entryEffects.get(entry.id) ?? []));
      break;
    }
    case 'SCENARIO': {
      const s = d.scenarios.get(entry.id) as Scenario;
      section('Scenario', fields([['ML task', s.task]]));
      text('Context', s.context);
      const qualities = loaded.scenarioQualities.get(entry.id) ?? [];
      if (qualities.length > 0) {
        section(
          'Qualities that matter',
          table(
            ['Quality', 'Importance', 'Why', 'Provenance', 'Sources'],
            qualities.map((q: ScenarioQualityRow) => [
              ref(q.qualityId),
              q.importance,
              q.note,
              provenanceLabel(q.provenance),
              citer.mark(loaded.scenarioQualityCitations.get(q.id)),
            ]),
            ['Provenance', 'Sources'],
          ),
        );
      }
      const constraints = loaded.scenarioConstraints.get(entry.id) ?? [];
      if (constraints.length > 0) {
        section(
          'Constraints',
          table(
            ['Type', 'Constraint', 'Bound', 'Provenance', 'Rationale', 'Sources'],
            constraints.map((c: ScenarioConstraintRow) => [
              ref(c.constraintTypeId),
              c.description,
              bound(c, ref),
              provenanceLabel(c.provenance),
              c.rationale ?? '',
              citer.mark(loaded.scenarioConstraintCitations.get(c.id)),
            ]),
            ['Provenance', 'Rationale', 'Sources'],
          ),
        );
      }
      break;
    }
    case 'CASE_STUDY': {
      const c = d.caseStudies.get(entry.id) as CaseStudy;
      text('Context', c.context);
      bullets('Problems', c.problems);
      bullets(
        'Goals',
        (loaded.goals.get(entry.id) ?? []).map((g: GoalRow) =>
          g.qualityId ? `${ref(g.qualityId)}: ${g.description}` : g.description,
        ),
      );
      const decisions = loaded.decisions.get(entry.id) ?? [];
      if (decisions.length > 0) {
        section(
          'Decisions',
          decisions.flatMap((decision: DecisionRow, i) => {
            const cited = citer.mark(loaded.decisionCitations.get(decision.id));
            const effects = effectsTable(loaded.decisionEffects.get(decision.id) ?? []);
            return [
              ...(i > 0 ? [''] : []),
              `### ${i + 1}. ${decision.title}`,
              '',
              ...fields([
                ['Before', decision.before],
                ['After', decision.after],
                ['Rationale', decision.rationale],
                ['Sources', cited],
              ]),
              ...(effects.length > 0 ? ['', ...effects] : []),
            ];
          }),
        );
      }
      bullets('Insights', c.insights);
      text('Outcome', c.outcome);
      break;
    }
    case 'TRADEOFF': {
      const t = d.tradeoffs.get(entry.id) as Tradeoff;
      section('Trade-off', fields([['Between', `${ref(t.firstQualityId)} and ${ref(t.secondQualityId)}`]]));
      text('Tension', t.tension);
      bullets('Examples', t.examples);
      break;
    }
    case 'COMPONENT': {
      const c = d.components.get(entry.id) as Component;
      text('Responsibility', c.responsibility);
      bullets('Examples', c.examples);
      break;
    }
    case 'CONSTRAINT_TYPE':
      bullets('Examples', (d.constraintTypes.get(entry.id) as ConstraintType).examples);
      break;
    case 'CONCEPT':
      text('Definition', (d.concepts.get(entry.id) as Concept).definition);
      break;
    case 'CHALLENGE':
      bullets('Examples', (d.challenges.get(entry.id) as Challenge).examples);
      break;
    case 'REFERENCE': {
      const r = loaded.references.get(entry.id) as Reference;
      section(
        'Reference',
        fields([
          ['Type', words(r.referenceType)],
          ['Authors', r.authors.join('; ')],
          ['Year', r.year === null ? 'n.d.' : String(r.year)],
          ['Venue', r.venue],
          ['Link', r.url],
          ['DOI', r.doi],
          ['Reading role', r.readingRole ? words(r.readingRole) : null],
          ['Cite as', formatCitation(entry, r)],
        ]),
      );
      bullets(
        'Cited by',
        (loaded.citingEntries.get(entry.id) ?? []).map((row) => ref(row.entry_id)),
      );
      break;
    }
    case 'MODEL':
      break; // A model is described by its facts.
  }

  const facts = loaded.facts.get(entry.id) ?? [];
  if (facts.length > 0) {
    section(
      'Facts',
      table(
        ['Fact', 'Value', 'Note', 'Sources'],
        facts.map((f: FactRow) => [
          f.label,
          factValue(f),
          f.note,
          citer.mark(loaded.factCitations.get(f.id)),
        ]),
      ),
    );
  }

  const related = [
    ...(loaded.relationsFrom.get(entry.id) ?? []).map((r) => ({
      r,
      id: r.toId,
      label: RELATION_LABEL[r.kind][0],
    })),
    ...(loaded.relationsTo.get(entry.id) ?? []).map((r) => ({
      r,
      id: r.fromId,
      label: RELATION_LABEL[r.kind][1],
    })),
  ]
    .map((x) => ({ ...x, entry: named(x.id) }))
    // A symmetric link stored in both directions is listed once.
    .filter((x, i, list) => list.findIndex((y) => y.id === x.id && y.label === x.label) === i);
  related.sort(
    (a, b) =>
      a.label.localeCompare(b.label, 'en') ||
      a.entry.title.localeCompare(b.entry.title, 'en') ||
      a.entry.slug.localeCompare(b.entry.slug),
  );
  bullets(
    'Related entries',
    related.map(
      (x) =>
        `${x.label}: ${ref(x.id)}, ${permalink(publicUrl, x.entry.slug)}${x.r.note.trim() ? ` (${x.r.note.trim()})` : ''}`,
    ),
  );

  const cited = citer.list();
  if (cited.length > 0) {
    section(
      'References',
      cited.map(({ id, n }) => {
        const reference = named(id);
        const details = loaded.references.get(id);
        const citation = details ? formatCitation(reference, details) : reference.title;
        return `${n}. ${citation} (\`${reference.slug}\`)`;
      }),
    );
  }
  return `${out.join('\n')}\n`;
}

/** "at least HIGH Interpretability (`interpretability`)", or an empty string without a bound. */
function bound(c: ScenarioConstraintRow, ref: (id: string) => string): string {
  if (!c.qualityId || (c.atLeast === null && c.atMost === null)) return '';
  const parts = [
    c.atLeast === null ? null : `at least ${levelFromNumber(c.atLeast)}`,
    c.atMost === null ? null : `at most ${levelFromNumber(c.atMost)}`,
  ].filter(Boolean);
  return `${ref(c.qualityId)} ${parts.join(' and ')}`;
}

function factValue(f: FactRow): string {
  if (f.value === null) return 'not given';
  const range =
    f.upperValue === null ? formatNumber(f.value) : `${formatNumber(f.value)}–${formatNumber(f.upperValue)}`;
  return `${f.approximate ? '≈' : ''}${range} ${f.unit}`.trim();
}
