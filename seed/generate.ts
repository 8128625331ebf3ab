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

/** The reference every generated entry cites. */
function generatedReference(slug: string, title: string, summary: string): SeedEntry {
  return {
    kind: 'reference',
    slug,
    title,
    summary,
    body: '',
    aliases: [],
    related: [],
    facts: [],
    citations: [],
    referenceType: 'WEB_PAGE',
    authors: ['design-kb generator'],
  };
}

export function generateEntries(options: GenerateOptions): SeedEntry[] {
  const next = random(options.seed ?? 1);
  const p = options.prefix ?? 'gen';
  const ref = `${p}-reference`;
  const citations = [{ ref, locator: 'generated' }];
  const common = { body: '', aliases: [], related: [], facts: [], citations };
  const entries: SeedEntry[] = [
    generatedReference(ref, 'Generated reference', 'The source every generated claim cites.'),
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
  /** Words to draw titles, aliases, summaries and bodies from, most frequent first. */
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
  // Natural text is Zipf-distributed: the k-th most frequent word appears about 1/k as often as
  // the first. Drawing uniformly would make every word as common as "model".
  const cumulative: number[] = [];
  let total = 0;
  options.vocabulary.forEach((_word, rank) => cumulative.push((total += 1 / (rank + 1))));
  const pick = (): string => {
    const target = next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return options.vocabulary[low] ?? '';
  };
  const words = (n: number) => Array.from({ length: n }, pick).join(' ');
  const citations = [{ ref, locator: 'generated' }];
  const entries: SeedEntry[] = [
    generatedReference(ref, 'Generated reference for text', 'The source every generated text entry cites.'),
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
