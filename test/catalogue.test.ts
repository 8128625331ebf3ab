// The catalogue practitioners look up: every algorithm, ML design pattern, operations pattern,
// architectural style and case study named in the knowledge-growth plan exists with the right
// kind; every algorithm is rated on the same qualities, each rating backed and attributed; every
// scenario judgement says where it comes from; aliases identify one entry each; and every
// reference can be found again (a year and a DOI or URL).
// Runs without a database: it only loads and inspects the validated YAML content.
import { loadContent, type Content } from '../seed/load';
import type { SeedEntry } from '../seed/schema';

type Kind = SeedEntry['kind'];
type EntryOf<K extends Kind> = Extract<SeedEntry, { kind: K }>;

let cached: Content | undefined;
/** The validated content, loaded once; a loading error fails every test with its message. */
function content(): Content {
  cached ??= loadContent();
  return cached;
}

function allEntries(): SeedEntry[] {
  return content().entries.map((located) => located.entry);
}

function ofKind<K extends Kind>(kind: K): EntryOf<K>[] {
  return allEntries().filter((entry): entry is EntryOf<K> => entry.kind === kind);
}

/** `slug (kind)` for every slug that is missing or of another kind than expected. */
function wrongKind(slugs: readonly string[], kind: Kind): string[] {
  return slugs.flatMap((slug) => {
    const found = content().bySlug.get(slug)?.entry;
    if (found === undefined) return [`${slug} (missing)`];
    return found.kind === kind ? [] : [`${slug} (is a ${found.kind})`];
  });
}

/**
 * For named catalogue items whose slug practitioners may spell in more than one way: the names
 * none of whose accepted slugs exists as an entry of this kind.
 */
function missingNamed(items: Readonly<Record<string, readonly string[]>>, kind: Kind): string[] {
  return Object.entries(items)
    .filter(([, slugs]) => !slugs.some((slug) => content().bySlug.get(slug)?.entry.kind === kind))
    .map(([name, slugs]) => `${name} (${slugs.join(' | ')})`);
}

// The 26 algorithms: the lecture's four and the families practitioners reach for.
const ALGORITHMS = [
  'linear-regression',
  'decision-tree',
  'random-forest',
  'neural-network',
  'logistic-regression',
  'naive-bayes',
  'k-nearest-neighbors',
  'support-vector-machine',
  'gradient-boosted-trees',
  'generalized-additive-model',
  'hoeffding-tree',
  'k-means',
  'dbscan',
  'gaussian-mixture-model',
  'hierarchical-clustering',
  'principal-component-analysis',
  'isolation-forest',
  'one-class-svm',
  'autoencoder',
  'matrix-factorization',
  'multilayer-perceptron',
  'convolutional-neural-network',
  'recurrent-neural-network',
  'transformer',
  'pretrained-foundation-model',
  'rule-based-system',
] as const;

// The qualities every algorithm is rated on (at least 18 are required; the catalogue uses 21).
const RATED_QUALITIES = [
  'accuracy',
  'expressiveness',
  'interpretability',
  'explainability',
  'robustness',
  'stability',
  'reproducibility',
  'correctness-guarantees',
  'privacy',
  'fairness',
  'model-size',
  'feature-count',
  'data-requirements',
  'data-quality',
  'incremental-training',
  'training-cost',
  'training-memory',
  'inference-latency',
  'energy-efficiency',
  'resource-requirements',
  'scalability',
] as const;

// All 30 patterns of Lakshmanan, Robinson & Munn (2020), Machine Learning Design Patterns.
const ML_DESIGN_PATTERNS = [
  'hashed-feature',
  'embeddings',
  'feature-cross',
  'multimodal-input',
  'reframing',
  'multilabel',
  'ensembles',
  'cascade',
  'neutral-class',
  'rebalancing',
  'useful-overfitting',
  'checkpoints',
  'transfer-learning',
  'distribution-strategy',
  'hyperparameter-tuning',
  'stateless-serving-function',
  'batch-serving',
  'continued-model-evaluation',
  'two-phase-predictions',
  'keyed-predictions',
  'transform',
  'repeatable-splitting',
  'bridged-schema',
  'windowed-inference',
  'workflow-pipeline',
  'feature-store',
  'model-versioning',
  'heuristic-benchmark',
  'explainable-predictions',
  'fairness-lens',
] as const;

// Architecture and operations patterns and tactics for ML systems, with the slugs they may carry.
const OPERATIONS_PATTERNS: Readonly<Record<string, readonly string[]>> = {
  'canary release': ['canary-release'],
  'shadow deployment': ['shadow-deployment'],
  'A/B testing / champion-challenger': ['ab-testing'],
  'blue-green deployment': ['blue-green-deployment'],
  'circuit breaker': ['circuit-breaker'],
  'retry with backoff and timeout': [
    'retry-with-backoff',
    'retry',
    'retry-and-timeout',
    'retry-with-backoff-and-timeout',
  ],
  bulkhead: ['bulkhead'],
  'graceful degradation / fallback model': ['graceful-degradation', 'fallback-model'],
  'health endpoint monitoring': ['health-endpoint-monitoring'],
  'model registry': ['model-registry'],
  'guardrails / human-in-the-loop review': ['guardrails', 'human-in-the-loop', 'human-in-the-loop-review'],
  'cache-aside': ['cache-aside'],
  'queue-based load levelling': ['queue-based-load-leveling', 'queue-based-load-levelling'],
  'API gateway': ['api-gateway'],
  sidecar: ['sidecar'],
  'strangler fig': ['strangler-fig'],
  sharding: ['sharding'],
  'redundancy (active/passive)': ['redundancy', 'active-passive-redundancy', 'active-redundancy'],
  rollback: ['rollback'],
};

// Styles: the lecture's six, plus the ones the literature pairs with ML systems.
const STYLES = [
  'monolith',
  'client-server',
  'multi-tier',
  'microservices',
  'event-based',
  'data-flow',
] as const;
const NEW_STYLES: Readonly<Record<string, readonly string[]>> = {
  layered: ['layered', 'layered-architecture'],
  'broker / message-oriented': [
    'broker',
    'message-broker',
    'message-oriented',
    'message-oriented-middleware',
  ],
  'lambda architecture': ['lambda-architecture'],
  'kappa architecture': ['kappa-architecture'],
  'serverless inference': ['serverless-inference', 'serverless'],
  'edge-cloud hybrid': ['edge-cloud-hybrid', 'edge-cloud'],
};

const CASE_STUDIES = ['twitter-redesign', 'netflix-prize'] as const;

// ==================================================================================================

test('the content loads: every entry validates and every relation, citation and quality resolves', () => {
  expect(() => content()).not.toThrow();
  expect(content().entries.length).toBe(content().bySlug.size);
});

describe('the catalogue holds what practitioners look up', () => {
  test(`all ${ALGORITHMS.length} algorithms exist as algorithms`, () => {
    expect(wrongKind(ALGORITHMS, 'algorithm')).toEqual([]);
    expect(ofKind('algorithm').length).toBeGreaterThanOrEqual(24);
  });

  test('all 30 ML design patterns of Lakshmanan, Robinson & Munn exist as ML design patterns', () => {
    expect(wrongKind(ML_DESIGN_PATTERNS, 'pattern')).toEqual([]);
    const notMlPatterns = ML_DESIGN_PATTERNS.filter(
      (slug) => ofKind('pattern').find((p) => p.slug === slug)?.patternKind !== 'ML_DESIGN_PATTERN',
    );
    expect(notMlPatterns).toEqual([]);
  });

  test('the architecture and operations patterns and tactics exist (at least 20 besides the ML ones)', () => {
    expect(missingNamed(OPERATIONS_PATTERNS, 'pattern')).toEqual([]);
    const others = ofKind('pattern').filter((p) => p.patternKind !== 'ML_DESIGN_PATTERN');
    expect(others.length).toBeGreaterThanOrEqual(20);
  });

  test('at least 10 architectural styles, the lecture six among them', () => {
    expect(wrongKind(STYLES, 'style')).toEqual([]);
    expect(missingNamed(NEW_STYLES, 'style')).toEqual([]);
    expect(ofKind('style').length).toBeGreaterThanOrEqual(10);
  });

  test('at least 10 case studies, the lecture two among them', () => {
    expect(wrongKind(CASE_STUDIES, 'case-study')).toEqual([]);
    expect(ofKind('case-study').length).toBeGreaterThanOrEqual(10);
  });
});

describe('algorithm ratings', () => {
  test('every quality an algorithm is rated on is a quality', () => {
    expect(wrongKind(RATED_QUALITIES, 'quality')).toEqual([]);
  });

  test(`every algorithm is rated on exactly the same ${RATED_QUALITIES.length} qualities`, () => {
    const expected = [...RATED_QUALITIES].sort();
    const different = ofKind('algorithm')
      .map((a) => {
        const rated = Object.keys(a.ratings);
        const missing = expected.filter((q) => !rated.includes(q));
        const extra = rated.filter((q) => !expected.includes(q as (typeof RATED_QUALITIES)[number]));
        return { slug: a.slug, missing, extra };
      })
      .filter(({ missing, extra }) => missing.length > 0 || extra.length > 0);
    expect(different).toEqual([]);
    expect(RATED_QUALITIES.length).toBeGreaterThanOrEqual(18);
  });

  test('every rating has a rationale, a provenance and at least one citation', () => {
    const incomplete = ofKind('algorithm').flatMap((a) =>
      Object.entries(a.ratings)
        .filter(
          ([, r]) =>
            r.rationale.trim().length === 0 || r.provenance === undefined || r.citations.length === 0,
        )
        .map(([quality]) => `${a.slug}.${quality}`),
    );
    expect(incomplete).toEqual([]);
  });

  test('every algorithm serves at least one task', () => {
    expect(
      ofKind('algorithm')
        .filter((a) => a.tasks.length === 0)
        .map((a) => a.slug),
    ).toEqual([]);
  });
});

describe('scenario judgements say where they come from', () => {
  test('every scenario quality has a provenance', () => {
    const unattributed = ofKind('scenario').flatMap((s) =>
      Object.entries(s.qualities)
        .filter(([, q]) => q.provenance === undefined)
        .map(([quality]) => `${s.slug}.qualities.${quality}`),
    );
    expect(unattributed).toEqual([]);
  });

  test('every scenario constraint has a provenance', () => {
    const unattributed = ofKind('scenario').flatMap((s) =>
      s.constraints
        .filter((c) => c.provenance === undefined)
        .map((c, i) => `${s.slug}.constraints[${i}] (${c.type})`),
    );
    expect(unattributed).toEqual([]);
  });

  test('an editorial constraint gives its reasoning', () => {
    const unexplained = ofKind('scenario').flatMap((s) =>
      s.constraints
        .filter((c) => c.provenance === 'EDITORIAL' && (c.rationale ?? '').trim().length === 0)
        .map((c) => `${s.slug}: ${c.description}`),
    );
    expect(unexplained).toEqual([]);
  });
});

describe('aliases identify one entry each', () => {
  const norm = (text: string): string => text.trim().toLowerCase();

  test('no alias is shared by two entries', () => {
    const owners = new Map<string, Set<string>>();
    for (const entry of allEntries()) {
      for (const alias of entry.aliases) {
        const key = norm(alias);
        owners.set(key, (owners.get(key) ?? new Set<string>()).add(entry.slug));
      }
    }
    const shared = [...owners]
      .filter(([, slugs]) => slugs.size > 1)
      .map(([alias, slugs]) => `'${alias}': ${[...slugs].sort().join(', ')}`);
    expect(shared).toEqual([]);
  });

  test("no alias equals another entry's title", () => {
    const titles = new Map<string, string[]>();
    for (const entry of allEntries()) {
      const key = norm(entry.title);
      titles.set(key, [...(titles.get(key) ?? []), entry.slug]);
    }
    const clashes = allEntries().flatMap((entry) =>
      entry.aliases.flatMap((alias) =>
        (titles.get(norm(alias)) ?? [])
          .filter((owner) => owner !== entry.slug)
          .map((owner) => `'${alias}' (alias of ${entry.slug}) is the title of ${owner}`),
      ),
    );
    expect(clashes).toEqual([]);
  });

  test('search terms repeat neither a name of their own entry nor each other', () => {
    const repeats = allEntries().flatMap((entry) => {
      const names = new Set([entry.title, ...entry.aliases].map(norm));
      const seen = new Set<string>();
      return (entry.searchTerms ?? []).flatMap((term) => {
        const key = norm(term);
        const repeat = names.has(key) || seen.has(key);
        seen.add(key);
        return repeat ? [`'${term}' (search term of ${entry.slug})`] : [];
      });
    });
    expect(repeats).toEqual([]);
  });
});

describe('references can be found again', () => {
  // A reference may lack a year or a DOI/URL only when its body says why, in a paragraph that
  // starts with "No year:" or "No DOI or URL:" (the "or says why not").
  const explains = (r: EntryOf<'reference'>, marker: string): boolean =>
    new RegExp(`(^|\\n)${marker}\\s+\\S`).test(r.body);

  test('every reference has a year, or says why not', () => {
    const undated = ofKind('reference').filter((r) => r.year === undefined && !explains(r, 'No year:'));
    expect(undated.map((r) => r.slug)).toEqual([]);
  });

  test('every reference has a DOI or a URL, or says why not', () => {
    const unfindable = ofKind('reference').filter(
      (r) =>
        (r.doi ?? '').trim().length === 0 &&
        (r.url ?? '').trim().length === 0 &&
        !explains(r, 'No DOI or URL:'),
    );
    expect(unfindable.map((r) => r.slug)).toEqual([]);
  });

  test('only a few references can be found by neither DOI nor URL', () => {
    // Undated living documentation is common and legitimate; a source nobody can look up is not.
    const unfindable = ofKind('reference').filter(
      (r) => (r.doi ?? '').trim().length === 0 && (r.url ?? '').trim().length === 0,
    );
    expect(unfindable.length).toBeLessThanOrEqual(3);
  });

  test('DOIs are bare (10.x/...), not links', () => {
    const malformed = ofKind('reference').filter(
      (r) => r.doi !== undefined && !/^10\.\d{4,9}\/\S+$/.test(r.doi),
    );
    expect(malformed.map((r) => `${r.slug}: ${r.doi ?? ''}`)).toEqual([]);
  });
});
