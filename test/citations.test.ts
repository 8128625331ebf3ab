// Citation labels as plain functions: people by surname, organisations named whole.
import { shortReference } from '../src/services/references';

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
