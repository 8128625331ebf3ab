// What a frontend draws without parsing strings: the options of a filter panel (kinds, tasks,
// families, rated qualities, levels) with counts that match the lists they filter, rating chips
// (value, label, goodness with polarity), structured recommendation reasons with linkable
// citations, Markdown markers tied to Entry.references, and the HTTP edges a browser client meets
// (GET without CSRF headers, Vary, ETag and 304, one JSON error shape, page-size bounds).
import { startTestServer, type GraphQLResponse, type TestServer } from './support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** A query sent the way urql and a bare fetch send one by default: GET, no extra headers. */
async function get<T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const params = new URLSearchParams({ query });
  if (variables) params.set('variables', JSON.stringify(variables));
  const response = await fetch(`${server.baseUrl}/graphql?${params.toString()}`);
  expect(response.headers.get('content-type')).toMatch(/json/);
  return (await response.json()) as GraphQLResponse<T>;
}

function dataOf<T>(response: GraphQLResponse<T>): T {
  expect(response.errors).toBeUndefined();
  expect(response.data).toBeTruthy();
  return response.data as T;
}

function errorOf(response: GraphQLResponse): { message: string; code: unknown; path: unknown } {
  expect(response.errors?.length).toBeGreaterThan(0);
  const [error] = response.errors ?? [];
  return {
    message: error?.message ?? '',
    code: error?.extensions?.code,
    path: error?.extensions?.argumentPath,
  };
}

interface Option {
  slug: string;
  title: string;
  count: number;
}
interface Level {
  level: string;
  value: number;
  label: string;
}
interface Panel {
  entryKinds: { kind: string; label: string; count: number }[];
  entries: { totalCount: number };
  tasks: Option[];
  algorithmFamilies: Option[];
  algorithms: { totalCount: number };
  levels: Level[];
  rated: { totalCount: number; nodes: { slug: string; ratingCount: number }[] };
  unrated: { totalCount: number; nodes: { slug: string; ratingCount: number }[] };
  qualities: { totalCount: number };
}

const PANEL = /* GraphQL */ `
  {
    entryKinds {
      kind
      label
      count
    }
    entries {
      totalCount
    }
    tasks {
      slug
      title
      count
    }
    algorithmFamilies {
      slug
      title
      count
    }
    algorithms {
      totalCount
    }
    levels {
      level
      value
      label
    }
    rated: qualities(where: { rated: true }, first: 100) {
      totalCount
      nodes {
        slug
        ratingCount
      }
    }
    unrated: qualities(where: { rated: false }, first: 100) {
      totalCount
      nodes {
        slug
        ratingCount
      }
    }
    qualities {
      totalCount
    }
  }
`;

let panel: Panel;

describe('a filter panel', () => {
  beforeAll(async () => {
    panel = dataOf(await get<Panel>(PANEL));
  });

  test('entry kinds carry the registry label and counts that add up to every entry', () => {
    expect(panel.entryKinds.length).toBeGreaterThan(10);
    for (const kind of panel.entryKinds) expect(kind.label).toMatch(/^[A-Z]/);
    expect(panel.entryKinds.find((k) => k.kind === 'CASE_STUDY')?.label).toBe('Case study');
    expect(panel.entryKinds.reduce((sum, k) => sum + k.count, 0)).toBe(panel.entries.totalCount);
  });

  test('each task and family filters to exactly as many algorithms as its count says', async () => {
    expect(panel.tasks.map((t) => t.slug)).toEqual(expect.arrayContaining(['classification', 'regression']));
    expect(panel.tasks.find((t) => t.slug === 'computer-vision')?.title).toBe('Computer vision');
    expect(panel.algorithmFamilies.map((f) => f.slug)).toContain('tree-based-models');
    expect(panel.algorithmFamilies.reduce((sum, f) => sum + f.count, 0)).toBe(panel.algorithms.totalCount);
    const aliases = [
      ...panel.tasks.map(
        (t, i) => `t${i}: algorithms(where: { task: ${JSON.stringify(t.slug)} }) { totalCount }`,
      ),
      ...panel.algorithmFamilies.map(
        (f, i) =>
          `f${i}: algorithms(where: { family: ${JSON.stringify(f.slug)} }) { totalCount nodes { familySlug family } }`,
      ),
    ];
    const counts = dataOf(
      await server.gql<
        Record<string, { totalCount: number; nodes?: { familySlug: string; family: string }[] }>
      >(`{ ${aliases.join('\n')} }`),
    );
    panel.tasks.forEach((t, i) => expect(counts[`t${i}`]?.totalCount).toBe(t.count));
    panel.algorithmFamilies.forEach((f, i) => {
      expect(counts[`f${i}`]?.totalCount).toBe(f.count);
      for (const node of counts[`f${i}`]?.nodes ?? [])
        expect(node).toEqual({ familySlug: f.slug, family: f.title });
    });
  });

  test('a family title still filters; an unknown family is an error naming the known slugs', async () => {
    const family = panel.algorithmFamilies.find((f) => f.slug === 'tree-based-models');
    const byTitle = dataOf(
      await server.gql<{ algorithms: { totalCount: number } }>(
        'query ($f: String) { algorithms(where: { family: $f }) { totalCount } }',
        { f: family?.title.toUpperCase() },
      ),
    );
    expect(byTitle.algorithms.totalCount).toBe(family?.count);
    const unknown = errorOf(
      await server.gql('{ algorithms(where: { family: "tree-based" }) { totalCount } }'),
    );
    expect(unknown.code).toBe('BAD_USER_INPUT');
    expect(unknown.path).toEqual(['where', 'family']);
    expect(unknown.message).toContain('tree-based-models');
  });

  test('rated and unrated qualities split all qualities by ratingCount', () => {
    expect(panel.rated.totalCount).toBeGreaterThan(0);
    expect(panel.rated.totalCount + panel.unrated.totalCount).toBe(panel.qualities.totalCount);
    for (const q of panel.rated.nodes) expect(q.ratingCount).toBeGreaterThan(0);
    for (const q of panel.unrated.nodes) expect(q.ratingCount).toBe(0);
    expect(panel.rated.nodes.map((q) => q.slug)).toContain('accuracy');
  });

  test('levels come in order with numbers 1 to 5 and labels', () => {
    expect(panel.levels.map((l) => l.level)).toEqual(['VERY_LOW', 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH']);
    expect(panel.levels.map((l) => l.value)).toEqual([1, 2, 3, 4, 5]);
    expect(panel.levels[4]?.label).toBe('Very high');
  });
});

describe('a rating chip', () => {
  test('value, label and goodness agree with the level lookup and the quality polarity', async () => {
    const data = dataOf(
      await get<{
        algorithm: {
          kind: string;
          kindLabel: string;
          ratings: {
            quality: { slug: string; polarity: string; ratingCount: number };
            level: string;
            value: number;
            levelLabel: string;
            goodness: number;
          }[];
        };
        levels: Level[];
      }>(
        `{ algorithm(slug: "random-forest") { kind kindLabel ratings { quality { slug polarity ratingCount } level value levelLabel goodness } }
           levels { level value label } }`,
      ),
    );
    expect(data.algorithm.kindLabel).toBe('ML algorithm');
    const byLevel = new Map(data.levels.map((l) => [l.level, l]));
    const polarities = new Set<string>();
    for (const r of data.algorithm.ratings) {
      expect(r.value).toBe(byLevel.get(r.level)?.value);
      expect(r.levelLabel).toBe(byLevel.get(r.level)?.label);
      const fraction = (r.value - 1) / 4;
      expect(r.goodness).toBeCloseTo(r.quality.polarity === 'HIGHER_IS_BETTER' ? fraction : 1 - fraction, 10);
      expect(r.quality.ratingCount).toBeGreaterThan(0);
      polarities.add(r.quality.polarity);
    }
    // Both polarities occur, so the inversion is exercised.
    expect(polarities).toEqual(new Set(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']));
    const cost = data.algorithm.ratings.find((r) => r.quality.slug === 'training-cost');
    expect(cost?.quality.polarity).toBe('LOWER_IS_BETTER');
  });

  test('comparison cells carry the same label and goodness as the ratings, and null when not rated', async () => {
    interface Cell {
      quality: { slug: string };
      level: string | null;
      levelLabel: string | null;
      goodness: number | null;
    }
    const data = dataOf(
      await get<{
        compareAlgorithms: { rows: { algorithm: { slug: string }; cells: Cell[] }[] };
        algorithm: { ratings: { quality: { slug: string }; levelLabel: string; goodness: number }[] };
      }>(
        `{ compareAlgorithms(slugs: ["random-forest"], qualities: ["accuracy", "training-cost", "fairness", "usability"]) {
             rows { algorithm { slug } cells { quality { slug } level levelLabel goodness } } }
           algorithm(slug: "random-forest") { ratings { quality { slug } levelLabel goodness } } }`,
      ),
    );
    const ratings = new Map(data.algorithm.ratings.map((r) => [r.quality.slug, r]));
    const cells = data.compareAlgorithms.rows[0]?.cells ?? [];
    expect(cells.map((c) => c.quality.slug)).toEqual(['accuracy', 'training-cost', 'fairness', 'usability']);
    for (const cell of cells) {
      const rating = ratings.get(cell.quality.slug);
      if (rating) {
        expect(cell.levelLabel).toBe(rating.levelLabel);
        expect(cell.goodness).toBe(rating.goodness);
      } else {
        expect(cell).toMatchObject({ level: null, levelLabel: null, goodness: null });
      }
    }
    // Rated and unrated cells both occur (usability is a quality no algorithm is rated on).
    expect(cells.some((c) => c.goodness === null)).toBe(true);
    expect(cells.filter((c) => c.goodness !== null)).toHaveLength(3);
  });
});

describe('bounds on a quality no algorithm is rated on', () => {
  test('are refused with the field and the qualities that have ratings, in recommendations and filters', async () => {
    const unrated = panel.unrated.nodes[0]?.slug;
    expect(unrated).toBeDefined();
    const recommended = errorOf(
      await server.gql(
        'query ($q: String!) { recommendAlgorithms(input: { constraints: [{ quality: "accuracy", atLeast: LOW }, { quality: $q, atLeast: LOW }] }) { evaluatedCount } }',
        {
          q: unrated,
        },
      ),
    );
    expect(recommended.code).toBe('BAD_USER_INPUT');
    expect(recommended.path).toEqual(['input', 'constraints', 1, 'quality']);
    expect(recommended.message).toContain(`No algorithm is rated on "${unrated}"`);
    expect(recommended.message).toContain('accuracy');

    const filtered = errorOf(
      await server.gql(
        'query ($q: String!) { algorithms(where: { satisfies: [{ quality: $q, atMost: HIGH }] }) { totalCount } }',
        {
          q: unrated,
        },
      ),
    );
    expect(filtered.code).toBe('BAD_USER_INPUT');
    expect(filtered.path).toEqual(['where', 'satisfies', 0, 'quality']);
  });
});

interface Reason {
  quality: { slug: string };
  level: string;
  value: number;
  goodness: number;
  violatesBound: boolean;
  weight: number | null;
  text: string;
  provenance: string | null;
  citations: { reference: { slug: string }; locator: string | null }[];
}
interface RatedAlgorithm {
  slug: string;
  references: { slug: string }[];
  ratings: {
    quality: { slug: string };
    rationale: string;
    level: string;
    goodness: number;
    provenance: string | null;
    citations: { reference: { slug: string } }[];
  }[];
}
interface Candidate {
  rank: number;
  score: number;
  satisfiesAll: boolean;
  nearMiss: boolean;
  algorithm: { slug: string };
  violations: {
    quality: { slug: string };
    required: string;
    atLeast: string | null;
    atMost: string | null;
    capability: boolean;
    actual: string | null;
  }[];
  contributions: {
    quality: { slug: string };
    provenance: string | null;
    citations: { reference: { slug: string } }[];
  }[];
  explanation: string[];
  reasons: Reason[];
}

describe('a structured recommendation', () => {
  const CANDIDATE = /* GraphQL */ `
    rank score satisfiesAll nearMiss
    algorithm { slug }
    violations { quality { slug } required atLeast atMost capability actual }
    contributions { quality { slug } provenance citations { reference { slug } } }
    explanation
    reasons { quality { slug } level value goodness violatesBound weight text provenance citations { reference { slug } locator } }
  `;
  let result: { candidates: Candidate[]; nearMisses: Candidate[] };
  const algorithms = new Map<string, RatedAlgorithm>();

  beforeAll(async () => {
    const response = await server.gql<{ recommendAlgorithms: typeof result }>(
      `query ($input: RecommendAlgorithmsInput!) { recommendAlgorithms(input: $input) {
         candidates { ${CANDIDATE} } nearMisses { ${CANDIDATE} } } }`,
      {
        input: {
          task: 'classification',
          constraints: [{ quality: 'interpretability', atLeast: 'HIGH' }],
          requires: ['incremental-training'],
          weights: [
            { quality: 'accuracy', weight: 2 },
            { quality: 'training-cost', weight: 1 },
          ],
          first: 40,
        },
      },
    );
    result = dataOf(response).recommendAlgorithms;
    const rated = await server.gql<{ algorithms: { nodes: RatedAlgorithm[] } }>(
      `{ algorithms(where: { task: "classification" }, first: 40) { nodes { slug references { slug }
          ratings { quality { slug } rationale level goodness provenance citations { reference { slug } } } } } }`,
    );
    for (const a of dataOf(rated).algorithms.nodes) algorithms.set(a.slug, a);
  });

  test('reasons are the ratings themselves: level, goodness, rationale, provenance and linkable citations', () => {
    expect(result.candidates.length).toBeGreaterThan(3);
    // Every classifier is evaluated and listed (the page holds them all).
    expect(result.candidates.length).toBe(algorithms.size);
    let cited = 0;
    for (const c of result.candidates) {
      const algorithm = algorithms.get(c.algorithm.slug);
      expect(algorithm).toBeDefined();
      const ratings = new Map((algorithm?.ratings ?? []).map((r) => [r.quality.slug, r]));
      const references = new Set((algorithm?.references ?? []).map((r) => r.slug));
      for (const reason of c.reasons) {
        const rating = ratings.get(reason.quality.slug);
        expect(rating).toBeDefined();
        expect(reason.text).toBe(rating?.rationale);
        expect(reason.level).toBe(rating?.level);
        expect(reason.goodness).toBeCloseTo(rating?.goodness ?? -1, 3);
        expect(reason.provenance).toBe(rating?.provenance);
        expect(reason.citations.map((x) => x.reference.slug)).toEqual(
          rating?.citations.map((x) => x.reference.slug),
        );
        for (const citation of reason.citations) expect(references.has(citation.reference.slug)).toBe(true);
        cited += reason.citations.length;
        // The prose keeps saying the same thing.
        expect(c.explanation.some((line) => line.includes(reason.text))).toBe(true);
        expect(reason.weight).toBe(
          reason.quality.slug === 'accuracy' ? 2 : reason.quality.slug === 'training-cost' ? 1 : null,
        );
        expect(reason.violatesBound).toBe(c.violations.some((v) => v.quality.slug === reason.quality.slug));
      }
      for (const k of c.contributions) {
        const rating = ratings.get(k.quality.slug);
        expect(k.citations.map((x) => x.reference.slug)).toEqual(
          rating?.citations.map((x) => x.reference.slug) ?? [],
        );
        expect(k.provenance).toBe(rating?.provenance ?? null);
      }
    }
    expect(cited).toBeGreaterThan(0);
  });

  test('violations carry their bounds as levels beside the words; near misses are flagged', () => {
    const violations = result.candidates.flatMap((c) => c.violations);
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) {
      if (v.quality.slug === 'interpretability') {
        expect(v).toMatchObject({
          atLeast: 'HIGH',
          atMost: null,
          capability: false,
          required: 'at least HIGH',
        });
      } else {
        expect(v).toMatchObject({
          quality: { slug: 'incremental-training' },
          atLeast: 'MEDIUM',
          capability: true,
        });
      }
    }
    for (const c of result.candidates) expect(c.nearMiss).toBe(c.violations.length === 1);
    expect(result.nearMisses.length).toBeGreaterThan(0);
    for (const miss of result.nearMisses) {
      expect(miss.nearMiss).toBe(true);
      const listed = result.candidates.find((c) => c.algorithm.slug === miss.algorithm.slug);
      expect(listed?.nearMiss).toBe(true);
      expect(listed?.rank).toBe(miss.rank);
    }
  });

  test('rank puts every satisfying candidate first, so it is not score order', () => {
    const ranks = result.candidates.map((c) => c.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const firstBreaking = result.candidates.findIndex((c) => !c.satisfiesAll);
    expect(firstBreaking).toBeGreaterThan(-1);
    expect(result.candidates.slice(firstBreaking).every((c) => !c.satisfiesAll)).toBe(true);
    const lowestSatisfying = Math.min(...result.candidates.filter((c) => c.satisfiesAll).map((c) => c.score));
    const highestBreaking = Math.max(...result.candidates.filter((c) => !c.satisfiesAll).map((c) => c.score));
    // The seeded content has a breaking candidate scoring above a satisfying one: rank ≠ score order.
    expect(highestBreaking).toBeGreaterThan(lowestSatisfying);
  });
});

/** The slugs of the References list, in order. */
function referenceSlugs(markdown: string, reader: boolean): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf('## References');
  if (start < 0) return [];
  const slugs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    const match = reader
      ? /^(\d+)\. .*\/kb\/([a-z0-9-]+)\)\)$/.exec(line)
      : /^(\d+)\. .*\(`([a-z0-9-]+)`\)$/.exec(line);
    if (!match) continue;
    expect(Number(match[1])).toBe(slugs.length + 1);
    slugs.push(match[2] ?? '');
  }
  return slugs;
}

describe('Markdown', () => {
  const SLUGS = ['random-forest', 'heartbeat', 'twitter-redesign', 'accuracy', 'microservices'];
  let entries: { slug: string; references: { slug: string }[]; full: string; reader: string }[];

  beforeAll(async () => {
    const fields = SLUGS.map(
      (slug, i) =>
        `e${i}: entry(slug: "${slug}") { slug references { slug } full: markdown reader: markdown(variant: READER) }`,
    );
    const data = dataOf(
      await server.gql<Record<string, (typeof entries)[number]>>(`{ ${fields.join('\n')} }`),
    );
    entries = SLUGS.map((_s, i) => data[`e${i}`] as (typeof entries)[number]);
  });

  test('marker [n] is Entry.references[n - 1], in both variants', () => {
    let checked = 0;
    for (const e of entries) {
      const own = e.references.map((r) => r.slug);
      for (const variant of [referenceSlugs(e.full, false), referenceSlugs(e.reader, true)]) {
        expect(variant.slice(0, own.length)).toEqual(own);
        checked += own.length;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  test('the reader variant has no slug or revision header, links entries to their pages and markers to anchors', async () => {
    for (const e of entries) {
      expect(e.full).toContain('- **Slug:**');
      expect(e.full).toContain('- **Revision:**');
      expect(e.reader).not.toContain('- **Slug:**');
      expect(e.reader).not.toContain('- **Revision:**');
      expect(e.reader.split('\n')[0]).toBe(e.full.split('\n')[0]);
      expect(e.reader).toMatch(/\]\(http:\/\/[^)]+\/kb\/[a-z0-9-]+\)/);
      if (e.references.length > 0) expect(e.reader).toMatch(/\[\[1\]\(#ref-1\)[,\]]/);
    }
    const rf = entries[0];
    const served = await fetch(`${server.baseUrl}/kb/random-forest.md?variant=reader`);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(rf?.reader);
    const negotiated = await fetch(`${server.baseUrl}/kb/random-forest?variant=reader`, {
      headers: { accept: 'text/markdown' },
    });
    expect(await negotiated.text()).toBe(rf?.reader);
    const page = await (
      await fetch(`${server.baseUrl}/kb/random-forest`, { headers: { accept: 'text/html' } })
    ).text();
    expect(page).toContain('id="ref-1"');
  });
});

describe('HTTP edges', () => {
  test('GET /graphql needs no CSRF header and varies by Accept; mutations stay off GET', async () => {
    const response = await fetch(
      `${server.baseUrl}/graphql?query=${encodeURIComponent('{ levels { value } }')}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('vary') ?? '').toMatch(/\baccept\b/i);
    const mutation = await fetch(
      `${server.baseUrl}/graphql?query=${encodeURIComponent('mutation { __typename }')}`,
    );
    expect(mutation.status).toBe(405);
  });

  test('/kb/* carries Cache-Control and an ETag, and answers 304 to If-None-Match', async () => {
    for (const path of ['/kb/random-forest', '/kb/random-forest.md', '/kb/random-forest.md?variant=reader']) {
      const first = await fetch(`${server.baseUrl}${path}`);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toMatch(/public/);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"/);
      const again = await fetch(`${server.baseUrl}${path}`, { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status).toBe(304);
    }
    const full = await fetch(`${server.baseUrl}/kb/random-forest.md`);
    const reader = await fetch(`${server.baseUrl}/kb/random-forest.md?variant=reader`);
    expect(full.headers.get('etag')).not.toBe(reader.headers.get('etag'));
  });

  test.each([
    ['/no-such-route', 404, 'NOT_FOUND'],
    ['/kb/no-such-entry', 404, 'NOT_FOUND'],
    ['/kb/no-such-entry.md', 404, 'NOT_FOUND'],
    ['/kb/random-forest.md?variant=bogus', 400, 'BAD_USER_INPUT'],
    ['/kb/random-forest.md?other=1', 400, 'BAD_USER_INPUT'],
  ])('%s answers %d in the one JSON error shape', async (path, status, code) => {
    const response = await fetch(`${server.baseUrl}${path}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.message.length).toBeGreaterThan(10);
    expect(body.errors[0]?.extensions.code).toBe(code);
  });

  test.each(['entries', 'algorithms', 'qualities'])(
    '%s(first: 0) and first: 101 are refused, 1 and 100 served',
    async (field) => {
      for (const first of [0, 101, -1]) {
        const error = errorOf(await get(`{ ${field}(first: ${first}) { totalCount } }`));
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.path).toEqual(['first']);
        expect(error.message).toContain('1 and 100');
      }
      for (const first of [1, 100]) dataOf(await get(`{ ${field}(first: ${first}) { totalCount } }`));
    },
  );
});
