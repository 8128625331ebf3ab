// The knowledge content (seed/content/*.yaml) holds everything the source lecture
// "Toward Architecture and Design" teaches, and every claim is backed by a citation.
// Runs without a database: it only loads and inspects the validated YAML content.
import { loadContent, type Content } from '../seed/load';
import { LEVELS, type Level, type SeedCitation, type SeedEntry, type SeedFact } from '../seed/schema';

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

function isKind<K extends Kind>(entry: SeedEntry, kind: K): entry is EntryOf<K> {
  return entry.kind === kind;
}

function ofKind<K extends Kind>(kind: K): EntryOf<K>[] {
  return allEntries().filter((entry): entry is EntryOf<K> => isKind(entry, kind));
}

/** The entry with this slug, which must exist and be of this kind. */
function get<K extends Kind>(kind: K, slug: string): EntryOf<K> {
  const entry = content().bySlug.get(slug)?.entry;
  if (entry === undefined) throw new Error(`no entry has slug "${slug}"`);
  if (!isKind(entry, kind)) throw new Error(`"${slug}" is a ${entry.kind}, expected a ${kind}`);
  return entry;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

function nonEmpty(text: string | undefined): boolean {
  return text !== undefined && text.trim().length > 0;
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isReference(slug: string): boolean {
  return content().bySlug.get(slug)?.entry.kind === 'reference';
}

/** Every citation anywhere in an entry: its own, its facts', ratings', effects' and decisions'. */
function citationsOf(entry: SeedEntry): SeedCitation[] {
  const list: SeedCitation[] = [...entry.citations, ...entry.facts.flatMap((fact) => fact.citations)];
  switch (entry.kind) {
    case 'algorithm':
      list.push(...Object.values(entry.ratings).flatMap((rating) => rating.citations));
      break;
    case 'pattern':
    case 'style':
    case 'decision-record':
      list.push(...Object.values(entry.effects).flatMap((effect) => effect.citations));
      break;
    case 'case-study':
      for (const decision of entry.decisions) {
        list.push(...decision.citations);
        list.push(...Object.values(decision.effects).flatMap((effect) => effect.citations));
      }
      break;
    case 'scenario':
      list.push(...Object.values(entry.qualities).flatMap((q) => q.citations));
      list.push(...entry.constraints.flatMap((c) => c.citations));
      break;
    case 'quality':
    case 'tradeoff':
    case 'component':
    case 'constraint-type':
    case 'concept':
    case 'challenge':
    case 'model':
    case 'reference':
      break;
  }
  return list;
}

/** Every quality slug an entry points at (ratings, effects, scenario qualities, goals, ...). */
function qualityRefsOf(entry: SeedEntry): string[] {
  switch (entry.kind) {
    case 'algorithm':
      return Object.keys(entry.ratings);
    case 'pattern':
    case 'style':
    case 'decision-record':
      return Object.keys(entry.effects);
    case 'scenario':
      return [
        ...Object.keys(entry.qualities),
        ...entry.constraints.flatMap((c) => (c.quality === undefined ? [] : [c.quality])),
      ];
    case 'case-study':
      return [
        ...entry.goals.flatMap((g) => (g.quality === undefined ? [] : [g.quality])),
        ...entry.decisions.flatMap((d) => Object.keys(d.effects)),
      ];
    case 'tradeoff':
      return [...entry.qualities];
    case 'quality':
    case 'component':
    case 'constraint-type':
    case 'concept':
    case 'challenge':
    case 'model':
    case 'reference':
      return [];
  }
}

// ------------------------------------------------------------------------------- levels --------

const LEVEL_ORDER: readonly Level[] = ['VERY_LOW', 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'];

function position(level: Level): number {
  return LEVEL_ORDER.indexOf(level);
}

function rating(algorithm: string, quality: string): Level {
  const ratings = get('algorithm', algorithm).ratings;
  return required(ratings[quality], `rating of ${algorithm} on ${quality}`).level;
}

/** The rating as a position in LEVEL_ORDER, for comparisons with readable failure messages. */
function ratingPosition(algorithm: string, quality: string): number {
  return position(rating(algorithm, quality));
}

// -------------------------------------------------------------------------------- facts --------

interface FactHit {
  entry: SeedEntry;
  fact: SeedFact;
}

function allFacts(): FactHit[] {
  return allEntries().flatMap((entry) => entry.facts.map((fact) => ({ entry, fact })));
}

function sameNumber(a: number | undefined, b: number): boolean {
  return a !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

/** Facts in any entry with this value (and upper value, for ranges) whose unit matches. */
function findFacts(value: number, unit: RegExp, upperValue?: number): FactHit[] {
  return allFacts().filter(
    ({ fact }) =>
      sameNumber(fact.value, value) &&
      (upperValue === undefined || sameNumber(fact.upperValue, upperValue)) &&
      unit.test(fact.unit),
  );
}

/** The text that identifies what a fact is about: its entry and its label. */
function ownerText({ entry, fact }: FactHit): string {
  return [entry.slug, entry.title, ...entry.aliases, fact.label].join(' | ');
}

// --------------------------------------------------------------------------- references --------

/** An author's name: a person's as given, an organisation's whole name. */
const authorName = (author: EntryOf<'reference'>['authors'][number]) =>
  typeof author === 'string' ? author : author.organisation;

function hasAuthor(reference: EntryOf<'reference'>, surname: string): boolean {
  const pattern = new RegExp(`(^|[^\\p{L}])${surname}($|[^\\p{L}])`, 'iu');
  return reference.authors.some((author) => pattern.test(authorName(author)));
}

/** References with an author of this surname (and this year, if given). */
function findReferences(surname: string, year?: number): EntryOf<'reference'>[] {
  return ofKind('reference').filter(
    (reference) => hasAuthor(reference, surname) && (year === undefined || reference.year === year),
  );
}

function findReference(surname: string, year?: number): EntryOf<'reference'> {
  const found = findReferences(surname, year);
  if (found.length !== 1) {
    throw new Error(
      `expected exactly one reference by ${surname}${year === undefined ? '' : ` (${year})`}, found ${found.length}`,
    );
  }
  return required(found[0], `reference by ${surname}`);
}

function citesAuthor(citations: SeedCitation[], surname: string, year?: number): boolean {
  const slugs = new Set(findReferences(surname, year).map((reference) => reference.slug));
  return citations.some((citation) => slugs.has(citation.ref));
}

// ==================================================================================================

test('the content loads, validates and the level scale is ordered as assumed', () => {
  expect(() => content()).not.toThrow();
  expect(content().entries.length).toBeGreaterThan(0);
  expect([...LEVELS]).toEqual([...LEVEL_ORDER]);
});

describe('1. qualities', () => {
  // Every quality the lecture names, by its slug in qualities.yaml.
  const LECTURE_QUALITIES = [
    'accuracy',
    'interpretability',
    'training-cost',
    'inference-latency',
    'model-size',
    'data-requirements',
    'incremental-training',
    'scalability',
    'availability',
    'response-time',
    'throughput',
    'modifiability',
    'development-cost',
    'operating-cost',
    'time-to-release',
    'security',
    'safety',
    'usability',
    'fairness',
    'correctness-guarantees',
    'feature-count',
    'data-quality',
    'ability-to-collect-data',
    'training-memory',
    'energy-efficiency',
    'resource-requirements',
    'explainability',
    'robustness',
    'reproducibility',
    'stability',
    'privacy',
    'expressiveness',
    'maintainability',
    'reliability',
  ] as const;

  test('there are at least 25 qualities', () => {
    expect(ofKind('quality').length).toBeGreaterThanOrEqual(25);
  });

  test.each(LECTURE_QUALITIES)('%s exists with category, polarity and a measurement', (slug) => {
    const quality = get('quality', slug);
    expect(['SYSTEM', 'MODEL', 'ML_COMPONENT', 'RESPONSIBLE_AI', 'PROJECT']).toContain(quality.category);
    expect(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']).toContain(quality.polarity);
    expect(nonEmpty(quality.measurement)).toBe(true);
  });

  test('every quality has category, polarity and a non-empty measurement', () => {
    const problems = ofKind('quality')
      .filter((q) => !nonEmpty(q.category) || !nonEmpty(q.polarity) || !nonEmpty(q.measurement))
      .map((q) => q.slug);
    expect(problems).toEqual([]);
  });

  test.each([
    ['accuracy', 'HIGHER_IS_BETTER'],
    ['interpretability', 'HIGHER_IS_BETTER'],
    ['availability', 'HIGHER_IS_BETTER'],
    ['training-cost', 'LOWER_IS_BETTER'],
    ['inference-latency', 'LOWER_IS_BETTER'],
    ['model-size', 'LOWER_IS_BETTER'],
    ['development-cost', 'LOWER_IS_BETTER'],
    ['operating-cost', 'LOWER_IS_BETTER'],
  ] as const)('%s is %s', (slug, polarity) => {
    expect(get('quality', slug).polarity).toBe(polarity);
  });
});

const ALGORITHMS = ['linear-regression', 'decision-tree', 'random-forest', 'neural-network'] as const;

describe('2. algorithms and their ratings', () => {
  test.each(ALGORITHMS)('%s is rated on at least 12 qualities', (slug) => {
    expect(Object.keys(get('algorithm', slug).ratings).length).toBeGreaterThanOrEqual(12);
  });

  test.each(ALGORITHMS)('%s: every rating has a rationale and cites a reference', (slug) => {
    const problems: string[] = [];
    for (const [quality, r] of Object.entries(get('algorithm', slug).ratings)) {
      if (!nonEmpty(r.rationale)) problems.push(`${quality}: empty rationale`);
      if (r.citations.length === 0) problems.push(`${quality}: no citation`);
      for (const citation of r.citations) {
        if (!isReference(citation.ref)) problems.push(`${quality}: "${citation.ref}" is not a reference`);
      }
    }
    expect(problems).toEqual([]);
  });

  test.each(ALGORITHMS)('%s has advantages, drawbacks and a family', (slug) => {
    const algorithm = get('algorithm', slug);
    expect(nonEmpty(algorithm.family)).toBe(true);
    expect(algorithm.advantages.length).toBeGreaterThan(0);
    expect(algorithm.drawbacks.length).toBeGreaterThan(0);
  });
});

describe("3. the lecture's judgements hold in the ratings", () => {
  const HIGH = position('HIGH');
  const LOW = position('LOW');

  test('linear regression: easy to interpret, cheap to train, small, poor at non-linear relationships', () => {
    expect(ratingPosition('linear-regression', 'interpretability')).toBeGreaterThanOrEqual(HIGH);
    expect(ratingPosition('linear-regression', 'training-cost')).toBeLessThanOrEqual(LOW);
    expect(ratingPosition('linear-regression', 'model-size')).toBeLessThanOrEqual(LOW);
    expect(ratingPosition('linear-regression', 'expressiveness')).toBeLessThanOrEqual(LOW);
  });

  test('neural networks: accurate, capture non-linear relationships, hard to interpret, costly to train', () => {
    expect(ratingPosition('neural-network', 'accuracy')).toBeGreaterThanOrEqual(HIGH);
    expect(ratingPosition('neural-network', 'expressiveness')).toBeGreaterThanOrEqual(HIGH);
    expect(ratingPosition('neural-network', 'interpretability')).toBeLessThanOrEqual(LOW);
    expect(ratingPosition('neural-network', 'training-cost')).toBeGreaterThanOrEqual(HIGH);
    // "high training costs (time & amount of data required ...)"
    expect(ratingPosition('neural-network', 'data-requirements')).toBeGreaterThanOrEqual(HIGH);
  });

  test('neural networks capture non-linear relationships better than linear regression', () => {
    expect(ratingPosition('neural-network', 'expressiveness')).toBeGreaterThan(
      ratingPosition('linear-regression', 'expressiveness'),
    );
  });

  test('random forests are more accurate and less interpretable than a single decision tree', () => {
    expect(ratingPosition('random-forest', 'accuracy')).toBeGreaterThan(
      ratingPosition('decision-tree', 'accuracy'),
    );
    expect(ratingPosition('random-forest', 'interpretability')).toBeLessThan(
      ratingPosition('decision-tree', 'interpretability'),
    );
  });

  test('tasks: linear regression does regression; decision trees do classification and regression', () => {
    expect(get('algorithm', 'linear-regression').tasks).toContain('regression');
    expect(get('algorithm', 'decision-tree').tasks).toEqual(
      expect.arrayContaining(['classification', 'regression']),
    );
    // "random forests do the same but with multiple trees"
    expect(get('algorithm', 'random-forest').tasks).toEqual(
      expect.arrayContaining(['classification', 'regression']),
    );
  });
});

describe('4. architectural styles', () => {
  const STYLES = [
    'monolith',
    'client-server',
    'multi-tier',
    'microservices',
    'event-based',
    'data-flow',
  ] as const;

  test.each(STYLES)('%s has a structure and at least one quality effect', (slug) => {
    const style = get('style', slug);
    expect(nonEmpty(style.structure)).toBe(true);
    expect(Object.keys(style.effects).length).toBeGreaterThanOrEqual(1);
  });
});

describe('5. design patterns and tactics', () => {
  test.each([
    ['observer', 'DESIGN_PATTERN'],
    ['heartbeat', 'ARCHITECTURAL_TACTIC'],
    ['feature-store', 'ML_DESIGN_PATTERN'],
  ] as const)('%s is a %s with intent, motivation, solution, benefits and costs', (slug, patternKind) => {
    const pattern = get('pattern', slug);
    expect(pattern.patternKind).toBe(patternKind);
    expect(nonEmpty(pattern.intent)).toBe(true);
    expect(nonEmpty(pattern.motivation)).toBe(true);
    expect(nonEmpty(pattern.solution)).toBe(true);
    expect(pattern.benefits.length).toBeGreaterThan(0);
    expect(pattern.benefits.every(nonEmpty)).toBe(true);
    expect(pattern.costs.length).toBeGreaterThan(0);
    expect(pattern.costs.every(nonEmpty)).toBe(true);
  });

  test("heartbeat has the lecture's two options as variants and ping/echo as its alternative", () => {
    const heartbeat = get('pattern', 'heartbeat');
    expect(heartbeat.variants.length).toBeGreaterThanOrEqual(2);
    expect(heartbeat.related).toEqual(
      expect.arrayContaining([expect.objectContaining({ to: 'ping-echo', kind: 'ALTERNATIVE' })]),
    );
    expect(get('pattern', 'ping-echo').patternKind).toBe('ARCHITECTURAL_TACTIC');
  });

  test('heartbeat promotes availability; the feature store promotes reproducibility', () => {
    expect(get('pattern', 'heartbeat').effects['availability']?.effect).toBe('PROMOTES');
    expect(get('pattern', 'feature-store').effects['reproducibility']?.effect).toBe('PROMOTES');
  });

  test('observer can be found as publish-subscribe', () => {
    const forms = get('pattern', 'observer').aliases.map((alias) =>
      alias.toLowerCase().replace(/[^a-z]/g, ''),
    );
    expect(forms).toContain('publishsubscribe');
  });
});

describe('6. components, challenges, constraint types and scenarios', () => {
  const COMPONENTS = [
    'model-inference-service',
    'ml-pipeline',
    'monitoring',
    'data-sources',
    'data-management',
    'feature-store-component',
  ] as const;
  const CHALLENGES = [
    'separating-concerns-and-interdependencies',
    'experimentation-and-confident-updates',
    'separating-training-and-inference',
    'scale-and-resource-limits',
  ] as const;
  const CONSTRAINT_TYPES = ['problem-constraints', 'project-constraints', 'design-constraints'] as const;
  const SCENARIOS = [
    'transcription-service',
    'lane-marking-detection',
    'credit-card-fraud-detection',
    'music-recommendations',
    'autonomous-vehicle',
    'smart-keyboard',
    'cancer-prognosis',
    'pedestrian-detection-sidewalk-robot',
  ] as const;
  const BREAKOUT_SCENARIOS = ['credit-card-fraud-detection', 'pedestrian-detection-sidewalk-robot'] as const;

  test.each(COMPONENTS)('component %s has a responsibility', (slug) => {
    expect(nonEmpty(get('component', slug).responsibility)).toBe(true);
  });

  test('the common system-wide design challenges are all there', () => {
    expect(ofKind('challenge').length).toBeGreaterThanOrEqual(4);
    for (const slug of CHALLENGES) expect(get('challenge', slug).slug).toBe(slug);
  });

  test.each(CONSTRAINT_TYPES)('constraint type %s exists with examples', (slug) => {
    expect(get('constraint-type', slug).examples.length).toBeGreaterThan(0);
  });

  test('there are exactly the three constraint types', () => {
    expect(
      ofKind('constraint-type')
        .map((c) => c.slug)
        .sort(),
    ).toEqual([...CONSTRAINT_TYPES].sort());
  });

  test.each(SCENARIOS)('scenario %s has at least two relevant qualities and a constraint', (slug) => {
    const scenario = get('scenario', slug);
    expect(Object.keys(scenario.qualities).length).toBeGreaterThanOrEqual(2);
    expect(scenario.constraints.length).toBeGreaterThanOrEqual(1);
  });

  test.each(BREAKOUT_SCENARIOS)('breakout scenario %s bounds a quality', (slug) => {
    const bounded = get('scenario', slug).constraints.filter(
      (c) => c.quality !== undefined && (c.atLeast !== undefined || c.atMost !== undefined),
    );
    expect(bounded.length).toBeGreaterThanOrEqual(1);
  });

  // The qualities the lecture's notes name for each scenario.
  test.each([
    ['transcription-service', ['operating-cost', 'inference-latency']],
    ['lane-marking-detection', ['inference-latency']],
    ['credit-card-fraud-detection', ['throughput', 'operating-cost', 'incremental-training']],
    ['autonomous-vehicle', ['safety', 'inference-latency', 'resource-requirements']],
    ['smart-keyboard', ['privacy', 'model-size']],
    ['music-recommendations', ['ability-to-collect-data', 'availability']],
  ] as const)('scenario %s considers %j', (slug, qualities) => {
    expect(Object.keys(get('scenario', slug).qualities)).toEqual(expect.arrayContaining([...qualities]));
  });
});

describe('7. case studies', () => {
  test('twitter-redesign: problems, quality goals, decisions incl. monolith to microservices, insights', () => {
    const twitter = get('case-study', 'twitter-redesign');
    expect(twitter.problems.length).toBeGreaterThan(0);
    expect(twitter.goals.some((goal) => goal.quality !== undefined)).toBe(true);
    // Performance, reliability, maintainability, modifiability.
    const goalQualities = twitter.goals.map((goal) => goal.quality);
    expect(goalQualities).toEqual(
      expect.arrayContaining(['reliability', 'maintainability', 'modifiability']),
    );
    expect(goalQualities.some((q) => q === 'response-time' || q === 'throughput')).toBe(true);
    expect(twitter.decisions.length).toBeGreaterThanOrEqual(4);
    expect(
      twitter.decisions.some(
        (decision) => /monolith/i.test(decision.title) && /microservice/i.test(decision.title),
      ),
    ).toBe(true);
    expect(twitter.insights.length).toBeGreaterThanOrEqual(4);
  });

  test('netflix-prize: leaderboard facts for the top eight teams', () => {
    const netflix = get('case-study', 'netflix-prize');
    expect(netflix.facts.length).toBeGreaterThanOrEqual(8);
    const teams = [
      "BellKor's Pragmatic Chaos",
      'The Ensemble',
      'Grand Prize Team',
      'Opera Solutions and Vandelay United',
      'Vandelay Industries!',
      'PragmaticTheory',
      'BellKor in BigChaos',
      'Dace',
    ];
    const missing = teams.filter((team) => !netflix.facts.some((fact) => fact.label.includes(team)));
    expect(missing).toEqual([]);
    const winner = netflix.facts.filter((fact) => fact.label.includes("BellKor's Pragmatic Chaos"));
    expect(winner.some((fact) => sameNumber(fact.value, 0.8567))).toBe(true);
    expect(winner.some((fact) => sameNumber(fact.value, 10.06))).toBe(true);
  });

  test("netflix-prize quotes Netflix's reason not to deploy the winners", () => {
    const quotes = citationsOf(get('case-study', 'netflix-prize')).map((c) => normalizeSpace(c.quote ?? ''));
    expect(quotes.some((quote) => quote.includes('did not seem to justify the engineering effort'))).toBe(
      true,
    );
  });
});

describe('8. trade-offs', () => {
  const costQualities = (): string[] =>
    ofKind('quality')
      .map((q) => q.slug)
      .filter((slug) => slug.endsWith('-cost'));

  function between(accept: (a: string, b: string) => boolean): EntryOf<'tradeoff'>[] {
    return ofKind('tradeoff').filter(({ qualities: [a, b] }) => accept(a, b) || accept(b, a));
  }

  test('accuracy vs interpretability, with examples, after Bloom & Brink', () => {
    const found = between((a, b) => a === 'accuracy' && b === 'interpretability');
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const tradeoff of found) {
      expect(tradeoff.qualities[0]).not.toBe(tradeoff.qualities[1]);
      expect(tradeoff.examples.length).toBeGreaterThan(0);
    }
    expect(found.some((tradeoff) => citesAuthor(tradeoff.citations, 'Bloom', 2014))).toBe(true);
  });

  test('cost vs accuracy, with examples, after Amatriain & Basilico', () => {
    const costs = costQualities();
    const found = between((a, b) => a === 'accuracy' && costs.includes(b));
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const tradeoff of found) {
      expect(tradeoff.qualities[0]).not.toBe(tradeoff.qualities[1]);
      expect(tradeoff.examples.length).toBeGreaterThan(0);
    }
    expect(found.some((tradeoff) => citesAuthor(tradeoff.citations, 'Amatriain', 2012))).toBe(true);
  });
});

describe('9. quantitative facts', () => {
  interface ExpectedFact {
    what: string;
    value: number;
    upperValue?: number;
    unit: RegExp;
    /** Matched against the holding entry's slug, title and aliases and the fact's label. */
    owner: RegExp;
    /** Rows of Strubell et al.'s tables must cite that paper. */
    strubell?: true;
  }
  const PARAMETERS = /param|weight/i;
  const LBS = /lbs|pounds/i;
  const HOURS = /hour/i;
  const USD = /usd|\$/i;
  const GPUS = /gpu|tpu/i;

  const FACTS: ExpectedFact[] = [
    { what: 'Fashion-MNIST example: 266,610 parameters', value: 266610, unit: PARAMETERS, owner: /fashion/i },
    { what: 'Fashion-MNIST example: 235,500 parameters', value: 235500, unit: PARAMETERS, owner: /fashion/i },
    { what: 'Fashion-MNIST example: 30,100 parameters', value: 30100, unit: PARAMETERS, owner: /fashion/i },
    { what: 'Fashion-MNIST example: 1,010 parameters', value: 1010, unit: PARAMETERS, owner: /fashion/i },
    { what: 'Fashion-MNIST: 70k images', value: 70000, unit: /image/i, owner: /fashion/i },
    { what: 'Fashion-MNIST example: 784 inputs', value: 784, unit: /input/i, owner: /fashion/i },
    { what: 'ResNet-50: 26 million weights', value: 26e6, unit: PARAMETERS, owner: /resnet/i },
    { what: 'ResNet-50: 16 million activations', value: 16e6, unit: /activation/i, owner: /resnet/i },
    { what: 'ResNet-50: 168 MB', value: 168, unit: /^MB$/i, owner: /resnet/i },
    { what: 'ResNet-50: 50 layers', value: 50, unit: /layer/i, owner: /resnet/i },
    {
      what: 'Google 2012: 1 billion to 1 trillion parameters',
      value: 1e9,
      upperValue: 1e12,
      unit: PARAMETERS,
      owner: /google/i,
    },
    { what: 'GPT-2: 1.5 billion weights', value: 1.5e9, unit: PARAMETERS, owner: /gpt-?2/i },
    { what: 'GPT-2: 117 million weights released', value: 117e6, unit: PARAMETERS, owner: /gpt-?2/i },
    { what: 'GPT-2: 48 layers', value: 48, unit: /layer/i, owner: /gpt-?2/i },
    { what: 'GPT-2: 12 GB of weights', value: 12, unit: /^GB$/i, owner: /gpt-?2/i },
    { what: 'GPT-2: 40 GB of training text', value: 40, unit: /^GB$/i, owner: /gpt-?2/i },
    { what: 'GPT-3: 175 billion weights', value: 175e9, unit: PARAMETERS, owner: /gpt-?3/i },
    { what: 'GPT-3: 96 layers', value: 96, unit: /layer/i, owner: /gpt-?3/i },
    { what: 'GPT-3: 700 GB', value: 700, unit: /^GB$/i, owner: /gpt-?3/i },
    { what: 'GPT-3: $4.6M training compute', value: 4.6e6, unit: USD, owner: /gpt-?3/i },
    // Strubell et al., first table (CO2 in lbs).
    { what: 'Air travel NY-SF: 1,984 lbs', value: 1984, unit: LBS, owner: /air travel/i, strubell: true },
    { what: 'Human life, 1 year: 11,023 lbs', value: 11023, unit: LBS, owner: /human life/i, strubell: true },
    {
      what: 'American life, 1 year: 36,156 lbs',
      value: 36156,
      unit: LBS,
      owner: /american/i,
      strubell: true,
    },
    { what: 'Car lifetime: 126,000 lbs', value: 126000, unit: LBS, owner: /car/i, strubell: true },
    { what: 'NLP pipeline: 39 lbs', value: 39, unit: LBS, owner: /nlp pipeline/i, strubell: true },
    {
      what: 'NLP pipeline with tuning: 78,468 lbs',
      value: 78468,
      unit: LBS,
      owner: /nlp pipeline/i,
      strubell: true,
    },
    { what: 'Transformer (big): 192 lbs', value: 192, unit: LBS, owner: /transformer/i, strubell: true },
    {
      what: 'Transformer with NAS: 626,155 lbs',
      value: 626155,
      unit: LBS,
      owner: /architecture search|\bNAS\b/i,
      strubell: true,
    },
    // Strubell et al., second table.
    { what: 'Transformer: 8 P100 GPUs', value: 8, unit: GPUS, owner: /transformer \(big\)/i, strubell: true },
    { what: 'Transformer: 84 hours', value: 84, unit: HOURS, owner: /transformer/i, strubell: true },
    {
      what: 'Transformer: $289-981',
      value: 289,
      upperValue: 981,
      unit: USD,
      owner: /transformer/i,
      strubell: true,
    },
    { what: 'ELMo: 3 P100 GPUs', value: 3, unit: GPUS, owner: /elmo/i, strubell: true },
    { what: 'ELMo: 336 hours', value: 336, unit: HOURS, owner: /elmo/i, strubell: true },
    { what: 'ELMo: 262 lbs', value: 262, unit: LBS, owner: /elmo/i, strubell: true },
    { what: 'ELMo: $433-1,472', value: 433, upperValue: 1472, unit: USD, owner: /elmo/i, strubell: true },
    { what: 'BERT: 64 V100 GPUs', value: 64, unit: GPUS, owner: /bert/i, strubell: true },
    { what: 'BERT: 79 hours', value: 79, unit: HOURS, owner: /bert/i, strubell: true },
    { what: 'BERT: 1,438 lbs', value: 1438, unit: LBS, owner: /bert/i, strubell: true },
    { what: 'BERT: $3,751-13K', value: 3751, upperValue: 13000, unit: USD, owner: /bert/i, strubell: true },
    {
      what: 'NAS: 8 P100 GPUs',
      value: 8,
      unit: GPUS,
      owner: /architecture search|\bNAS\b/i,
      strubell: true,
    },
    {
      what: 'NAS: 274,120 hours',
      value: 274120,
      unit: HOURS,
      owner: /architecture search|\bNAS\b/i,
      strubell: true,
    },
    {
      what: 'NAS: $943K-3.2M',
      value: 943000,
      upperValue: 3.2e6,
      unit: USD,
      owner: /architecture search|\bNAS\b/i,
      strubell: true,
    },
    { what: 'GPT-2: 32 TPUv3', value: 32, unit: GPUS, owner: /gpt-?2/i, strubell: true },
    { what: 'GPT-2: 168 hours', value: 168, unit: HOURS, owner: /gpt-?2/i, strubell: true },
    {
      what: 'GPT-2: $13K-43K',
      value: 13000,
      upperValue: 43000,
      unit: USD,
      owner: /gpt-?2/i,
      strubell: true,
    },
  ];

  test.each(FACTS.map((fact) => [fact.what, fact] as const))('%s', (_what, expected) => {
    const hits = findFacts(expected.value, expected.unit, expected.upperValue).filter((hit) =>
      expected.owner.test(ownerText(hit)),
    );
    expect(hits.map(ownerText)).not.toEqual([]);
    for (const { fact } of hits) {
      expect(fact.citations.length).toBeGreaterThanOrEqual(1);
      expect(fact.citations.every((citation) => isReference(citation.ref))).toBe(true);
    }
    if (expected.strubell) {
      expect(hits.some(({ fact }) => citesAuthor(fact.citations, 'Strubell', 2019))).toBe(true);
    }
  });
});

describe('10. references', () => {
  test('required reading: Hulten 2018', () => {
    expect(findReference('Hulten', 2018).readingRole).toBe('REQUIRED');
  });

  test('recommended reading: Siebert et al. 2020', () => {
    expect(findReference('Siebert', 2020).readingRole).toBe('RECOMMENDED');
  });

  test.each([
    [['Bass', 'Clements', 'Kazman'], 2012],
    [['Yokoyama'], 2019],
    [['Serban', 'Visser'], 2022],
    [['Lakshmanan', 'Robinson', 'Munn'], 2020],
    [['Lewis', 'Ozkaya', 'Xu'], 2021],
    [['Vogelsang', 'Borg'], 2019],
    [['Habibullah', 'Gay', 'Horkoff'], 2022],
  ] as const)('further reading: %j %i', (surnames, year) => {
    const reference = findReference(required(surnames[0], 'first author'), year);
    expect(reference.readingRole).toBe('FURTHER');
    for (const surname of surnames) expect(hasAuthor(reference, surname)).toBe(true);
  });

  test.each([
    [['Strubell', 'Ganesh', 'McCallum'], 2019],
    [['Amatriain', 'Basilico'], 2012],
    [['Bloom', 'Brink'], 2014],
    [['Booch'], 2006],
    [['Raffi'], 2013],
  ] as const)('lecture source: %j %i', (surnames, year) => {
    const reference = findReference(required(surnames[0], 'first author'), year);
    for (const surname of surnames) expect(hasAuthor(reference, surname)).toBe(true);
  });

  test('lecture source: Meadows (systems thinking)', () => {
    expect(findReferences('Meadows').length).toBeGreaterThanOrEqual(1);
  });

  test.each([
    'https://www.se.rit.edu/~swen-440/slides/instructor-specific/Kuehl/Lecture%2019%20Design%20Tactics.pdf',
    'https://changyaochen.github.io/ML-design-pattern-1/',
    'https://lambdalabs.com/blog/demystifying-gpt-3/',
  ])('lecture source with URL %s', (url) => {
    const strip = (u: string) => u.replace(/\/+$/, '').toLowerCase();
    expect(ofKind('reference').some((reference) => strip(reference.url ?? '') === strip(url))).toBe(true);
  });

  test('the lecture itself is a reference', () => {
    expect(
      ofKind('reference').some(
        (r) => r.referenceType === 'LECTURE' && r.authors.some((a) => /k(ä|ae)stner/i.test(authorName(a))),
      ),
    ).toBe(true);
  });
});

describe('11. integrity', () => {
  test('every entry except references has at least one citation', () => {
    const uncited = allEntries()
      .filter((entry) => entry.kind !== 'reference' && entry.citations.length === 0)
      .map((entry) => entry.slug);
    expect(uncited).toEqual([]);
  });

  test('slugs are unique', () => {
    expect(content().entries.length).toBe(content().bySlug.size);
  });

  test('every related.to resolves to another entry', () => {
    const dangling = allEntries().flatMap((entry) =>
      entry.related
        .filter((relation) => !content().bySlug.has(relation.to) || relation.to === entry.slug)
        .map((relation) => `${entry.slug} -> ${relation.to}`),
    );
    expect(dangling).toEqual([]);
  });

  test('every citation ref anywhere resolves to a reference', () => {
    const dangling = allEntries().flatMap((entry) =>
      citationsOf(entry)
        .filter((citation) => !isReference(citation.ref))
        .map((citation) => `${entry.slug} cites ${citation.ref}`),
    );
    expect(dangling).toEqual([]);
  });

  test('every quality slug used in ratings, effects, scenarios, goals and trade-offs is a quality', () => {
    const dangling = allEntries().flatMap((entry) =>
      qualityRefsOf(entry)
        .filter((slug) => content().bySlug.get(slug)?.entry.kind !== 'quality')
        .map((slug) => `${entry.slug} -> ${slug}`),
    );
    expect(dangling).toEqual([]);
  });

  test('every fact has a citation', () => {
    const uncited = allFacts()
      .filter(({ fact }) => fact.citations.length === 0)
      .map((hit) => ownerText(hit));
    expect(uncited).toEqual([]);
  });

  test('every summary is non-empty', () => {
    expect(
      allEntries()
        .filter((entry) => !nonEmpty(entry.summary))
        .map((entry) => entry.slug),
    ).toEqual([]);
  });

  test('algorithms, patterns, styles, scenarios and case studies have a body', () => {
    const mainKinds: readonly Kind[] = ['algorithm', 'pattern', 'style', 'scenario', 'case-study'];
    const bodiless = allEntries()
      .filter((entry) => mainKinds.includes(entry.kind) && !nonEmpty(entry.body))
      .map((entry) => entry.slug);
    expect(bodiless).toEqual([]);
  });
});
