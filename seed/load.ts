// Reads the knowledge content from a directory of YAML files and validates it: the shape of every
// entry (zod), then every cross-reference (citations, relations, ratings, effects, constraints).
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CONTENT_DIR } from '../src/paths';
import { contentFileSchema, type SeedCitation, type SeedEntry, type SeedKind } from './schema';

export const DEFAULT_CONTENT_DIR = CONTENT_DIR;

export interface ContentProblem {
  file: string;
  /** Where inside the file, e.g. `entries[3].ratings.accuracy.citations[0].ref`. */
  path: string;
  message: string;
}

export class ContentError extends Error {
  override name = 'ContentError';
  constructor(readonly problems: ContentProblem[]) {
    super(
      `The knowledge content is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was written:\n` +
        problems.map((p) => `  ${p.file} at ${p.path || '(file)'}: ${p.message}`).join('\n'),
    );
  }
}

export interface LocatedEntry {
  file: string;
  index: number;
  entry: SeedEntry;
}

export interface Content {
  entries: LocatedEntry[];
  bySlug: Map<string, LocatedEntry>;
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`))
    .join('');
}

/** Loads and validates every `*.yaml` file in `dir`; throws a ContentError listing every problem. */
export function loadContent(dir: string = DEFAULT_CONTENT_DIR): Content {
  if (!fs.existsSync(dir)) {
    throw new ContentError([{ file: dir, path: '', message: 'directory does not exist' }]);
  }
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort();
  const problems: ContentProblem[] = [];
  const entries: LocatedEntry[] = [];
  for (const file of files) {
    const document = parseDocument(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (document.errors.length > 0) {
      for (const error of document.errors) problems.push({ file, path: '', message: error.message });
      continue;
    }
    const parsed = contentFileSchema.safeParse(document.toJS());
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ file, path: formatPath(issue.path), message: issue.message });
      }
      continue;
    }
    parsed.data.entries.forEach((entry, index) => entries.push({ file, index, entry }));
  }
  if (files.length === 0) problems.push({ file: dir, path: '', message: 'no .yaml content files' });

  const bySlug = new Map<string, LocatedEntry>();
  for (const located of entries) {
    const previous = bySlug.get(located.entry.slug);
    if (previous) {
      problems.push({
        file: located.file,
        path: `entries[${located.index}].slug`,
        message: `slug "${located.entry.slug}" is already used in ${previous.file} (slugs are unique across the knowledge base)`,
      });
    } else {
      bySlug.set(located.entry.slug, located);
    }
  }
  problems.push(...checkReferences(entries, bySlug));
  if (problems.length > 0) throw new ContentError(problems);
  return { entries, bySlug };
}

function checkReferences(entries: LocatedEntry[], bySlug: Map<string, LocatedEntry>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const tasks = new Set(entries.flatMap(({ entry }) => (entry.kind === 'algorithm' ? entry.tasks : [])));

  for (const { file, index, entry } of entries) {
    const at = (suffix: string) => `entries[${index}]${suffix}`;
    const expect = (slug: string, kind: SeedKind, where: string) => {
      const target = bySlug.get(slug);
      if (!target) problems.push({ file, path: at(where), message: `no entry has slug "${slug}"` });
      else if (target.entry.kind !== kind) {
        problems.push({
          file,
          path: at(where),
          message: `"${slug}" is a ${target.entry.kind}, expected a ${kind}`,
        });
      }
    };
    const expectCitations = (list: SeedCitation[], where: string) =>
      list.forEach((c, i) => expect(c.ref, 'reference', `${where}[${i}].ref`));
    const expectEffects = (effects: Record<string, { citations: SeedCitation[] }>, where: string) =>
      Object.entries(effects).forEach(([quality, effect]) => {
        expect(quality, 'quality', `${where}.${quality}`);
        expectCitations(effect.citations, `${where}.${quality}.citations`);
      });

    expectCitations(entry.citations, '.citations');
    entry.related.forEach((relation, i) => {
      if (!bySlug.has(relation.to)) {
        problems.push({ file, path: at(`.related[${i}].to`), message: `no entry has slug "${relation.to}"` });
      } else if (relation.to === entry.slug) {
        problems.push({ file, path: at(`.related[${i}].to`), message: 'an entry cannot relate to itself' });
      }
    });
    entry.facts.forEach((fact, i) => expectCitations(fact.citations, `.facts[${i}].citations`));

    switch (entry.kind) {
      case 'algorithm':
        for (const [quality, rating] of Object.entries(entry.ratings)) {
          expect(quality, 'quality', `.ratings.${quality}`);
          expectCitations(rating.citations, `.ratings.${quality}.citations`);
        }
        break;
      case 'pattern':
      case 'style':
        expectEffects(entry.effects, '.effects');
        break;
      case 'scenario':
        Object.entries(entry.qualities).forEach(([q, relevance]) => {
          expect(q, 'quality', `.qualities.${q}`);
          expectCitations(relevance.citations, `.qualities.${q}.citations`);
        });
        entry.constraints.forEach((c, i) => {
          expect(c.type, 'constraint-type', `.constraints[${i}].type`);
          if (c.quality) expect(c.quality, 'quality', `.constraints[${i}].quality`);
          expectCitations(c.citations, `.constraints[${i}].citations`);
        });
        if (entry.task && !tasks.has(entry.task)) {
          problems.push({
            file,
            path: at('.task'),
            message: `no algorithm serves task "${entry.task}"; known tasks: ${[...tasks].sort().join(', ')}`,
          });
        }
        break;
      case 'case-study':
        entry.goals.forEach((g, i) => {
          if (g.quality) expect(g.quality, 'quality', `.goals[${i}].quality`);
        });
        entry.decisions.forEach((d, i) => {
          expectEffects(d.effects, `.decisions[${i}].effects`);
          expectCitations(d.citations, `.decisions[${i}].citations`);
        });
        break;
      case 'tradeoff':
        entry.qualities.forEach((q, i) => expect(q, 'quality', `.qualities[${i}]`));
        if (entry.qualities[0] === entry.qualities[1]) {
          problems.push({
            file,
            path: at('.qualities'),
            message: 'a trade-off needs two different qualities',
          });
        }
        break;
      default:
        break;
    }
  }
  return problems;
}
