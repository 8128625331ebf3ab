// The citation collector and its labels as plain functions: numbering, de-duplication, author-year
// labels with year suffixes, and organisations named whole.
import type { Reference } from '../src/generated/prisma/client';
import { authorYearLabels, CitationList } from '../src/services/citations';
import { shortReference } from '../src/services/references';
import type { EntryRow } from '../src/services/types';

test('a short label names people by surname and organisations by their whole name', () => {
  expect(shortReference('Random Forests', ['Leo Breiman'], 2001)).toBe('Breiman (2001)');
  expect(shortReference('Demystifying GPT-3', ['Lambda Labs'], 2020, ['Lambda Labs'])).toBe(
    'Lambda Labs (2020)',
  );
  expect(shortReference('Pattern', ['Amazon Web Services', 'Jeff Barr'], null, ['Amazon Web Services'])).toBe(
    'Amazon Web Services & Barr (n.d.)',
  );
  expect(shortReference('Book', ['Len Bass', 'Paul Clements', 'Rick Kazman'], 2012)).toBe(
    'Bass et al. (2012)',
  );
});

test("an entry's own references come first; a group's marks are one per reference and locator, by number", () => {
  const titles: Record<string, string> = { a: 'Alpha', b: 'Beta', c: 'Gamma', d: 'Delta' };
  const list = new CitationList(['c', 'a'], (id) => titles[id] ?? '');
  expect(
    list.mark([
      { referenceId: 'd', locator: null },
      { referenceId: 'b', locator: 'p. 2' },
      { referenceId: 'a', locator: null },
      { referenceId: 'b', locator: 'p. 2' },
    ]),
  ).toEqual([
    { n: 2, locator: '' },
    { n: 3, locator: 'p. 2' },
    { n: 4, locator: '' },
  ]);
  expect(list.ids()).toEqual(['c', 'a', 'b', 'd']);
});

test('labels two references would share get year suffixes in list order', () => {
  const item = (title: string, authors: string[], year: number | null, organisations: string[] = []) => ({
    entry: { title } as EntryRow,
    reference: { authors, year, organisationAuthors: organisations } as unknown as Reference,
  });
  expect(
    authorYearLabels([
      item('Circuit Breaker pattern', ['Microsoft'], 2022, ['Microsoft']),
      item('Random Forests', ['Leo Breiman'], 2001),
      item('Retry pattern', ['Microsoft'], 2022, ['Microsoft']),
      item('Lecture', ['Christian Kästner'], null),
      item('Slides', ['Christian Kästner'], null),
    ]),
  ).toEqual([
    'Microsoft (2022a)',
    'Breiman (2001)',
    'Microsoft (2022b)',
    'Kästner (n.d.-a)',
    'Kästner (n.d.-b)',
  ]);
});
