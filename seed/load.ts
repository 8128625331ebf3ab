// Reads the knowledge content from a directory of YAML files and validates it: the shape of every
// entry (zod), then every cross-reference: citations, relations and facts here, the rest (ratings,
// effects, constraints, ...) by each entry's kind (src/kinds).
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CONTENT_DIR } from '../src/paths';
import { kindBySeedKind } from '../src/kinds';
import type { ReferenceCheck } from '../src/kinds/define';
import { contentFileSchema, type SeedEntry } from './schema';

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
  const all = entries.map(({ entry }) => entry);

  for (const { file, index, entry } of entries) {
    const at = (suffix: string) => `entries[${index}]${suffix}`;
    const check: ReferenceCheck = {
      all,
      problem: (where, message) => problems.push({ file, path: at(where), message }),
      expect(slug, kinds, where) {
        const expected = typeof kinds === 'string' ? [kinds] : kinds;
        const target = bySlug.get(slug);
        if (!target) check.problem(where, `no entry has slug "${slug}"`);
        else if (!expected.includes(target.entry.kind)) {
          check.problem(where, `"${slug}" is a ${target.entry.kind}, expected a ${expected.join(' or a ')}`);
        }
      },
      citations: (list, where) =>
        list.forEach((c, i) => check.expect(c.ref, 'reference', `${where}[${i}].ref`)),
      effects: (effects, where) =>
        Object.entries(effects).forEach(([quality, effect]) => {
          check.expect(quality, 'quality', `${where}.${quality}`);
          check.citations(effect.citations, `${where}.${quality}.citations`);
        }),
    };

    check.citations(entry.citations, '.citations');
    entry.related.forEach((relation, i) => {
      if (!bySlug.has(relation.to)) check.problem(`.related[${i}].to`, `no entry has slug "${relation.to}"`);
      else if (relation.to === entry.slug)
        check.problem(`.related[${i}].to`, 'an entry cannot relate to itself');
    });
    entry.facts.forEach((fact, i) => check.citations(fact.citations, `.facts[${i}].citations`));
    const kind = kindBySeedKind(entry.kind);
    kind?.checkReferences?.(entry, check);
  }
  return problems;
}
