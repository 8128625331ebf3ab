// Generates a synthetic knowledge base (N algorithms rated on M qualities) as seed content, for
// tests and benchmarks. Deterministic for a given seed number.
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { LEVELS, type SeedEntry } from './schema';

export interface GenerateOptions {
  algorithms: number;
  qualities: number;
  /** Varies the ratings; the same number gives the same content. */
  seed?: number;
  /** Prefix for every slug, so generated content never collides with the real knowledge base. */
  prefix?: string;
}

/** A small deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateEntries(options: GenerateOptions): SeedEntry[] {
  const next = random(options.seed ?? 1);
  const p = options.prefix ?? 'gen';
  const ref = `${p}-reference`;
  const citations = [{ ref, locator: 'generated' }];
  const common = { body: '', aliases: [], related: [], facts: [], citations };
  const entries: SeedEntry[] = [
    {
      kind: 'reference',
      slug: ref,
      title: 'Generated reference',
      summary: 'The source every generated claim cites.',
      body: '',
      aliases: [],
      related: [],
      facts: [],
      citations: [],
      referenceType: 'WEB_PAGE',
      authors: ['design-kb generator'],
    },
  ];
  const qualitySlugs: string[] = [];
  for (let q = 0; q < options.qualities; q += 1) {
    const slug = `${p}-quality-${q}`;
    qualitySlugs.push(slug);
    entries.push({
      kind: 'quality',
      slug,
      title: `Generated quality ${q}`,
      summary: `Synthetic quality number ${q}.`,
      category: 'MODEL',
      polarity: q % 3 === 0 ? 'LOWER_IS_BETTER' : 'HIGHER_IS_BETTER',
      measurement: 'Synthetic.',
      ...common,
    });
  }
  for (let a = 0; a < options.algorithms; a += 1) {
    entries.push({
      kind: 'algorithm',
      slug: `${p}-algorithm-${a}`,
      title: `Generated algorithm ${String(a).padStart(6, '0')}`,
      summary: `Synthetic algorithm number ${a}.`,
      family: `family-${a % 5}`,
      tasks: a % 2 === 0 ? ['classification', 'regression'] : ['classification'],
      advantages: [],
      drawbacks: [],
      ratings: Object.fromEntries(
        qualitySlugs.map((quality) => [
          quality,
          {
            level: LEVELS[Math.floor(next() * LEVELS.length)] ?? 'MEDIUM',
            rationale: 'Synthetic rating.',
            citations,
          },
        ]),
      ),
      ...common,
    });
  }
  return entries;
}

export interface TextOptions {
  /** How many entries to write. */
  count: number;
  /** Words to draw titles, aliases, summaries and bodies from (e.g. the real content's words). */
  vocabulary: readonly string[];
  seed?: number;
  prefix?: string;
}

/**
 * Concept entries of random prose drawn from a vocabulary: a corpus for search benchmarks whose
 * words overlap the real content, so real queries match many entries, as in a large knowledge base.
 */
export function generateTextEntries(options: TextOptions): SeedEntry[] {
  const next = random(options.seed ?? 1);
  const p = options.prefix ?? 'gen';
  const ref = `${p}-text-reference`;
  const words = (n: number) =>
    Array.from({ length: n }, () => options.vocabulary[Math.floor(next() * options.vocabulary.length)]).join(
      ' ',
    );
  const citations = [{ ref, locator: 'generated' }];
  const entries: SeedEntry[] = [
    {
      kind: 'reference',
      slug: ref,
      title: 'Generated reference for text',
      summary: 'The source every generated text entry cites.',
      body: '',
      aliases: [],
      related: [],
      facts: [],
      citations: [],
      referenceType: 'WEB_PAGE',
      authors: ['design-kb generator'],
    },
  ];
  for (let i = 0; i < options.count; i += 1) {
    entries.push({
      kind: 'concept',
      slug: `${p}-text-${i}`,
      title: `${words(3)} ${i}`,
      summary: `${words(20)}.`,
      body: `${words(80)}.\n\n${words(80)}.`,
      aliases: [words(2), words(2)],
      definition: `${words(25)}.`,
      related: [],
      facts: [],
      citations,
    });
  }
  return entries;
}

/** Writes generated content as one YAML file in `dir` (created if needed); returns `dir`. */
export function writeGeneratedContent(
  dir: string,
  options: GenerateOptions | { texts: TextOptions },
  file = 'generated.yaml',
): string {
  fs.mkdirSync(dir, { recursive: true });
  const entries = 'texts' in options ? generateTextEntries(options.texts) : generateEntries(options);
  fs.writeFileSync(path.join(dir, file), stringify({ entries }, { aliasDuplicateObjects: false }));
  return dir;
}
