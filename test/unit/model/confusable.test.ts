import { describe, expect, it } from 'vitest';
import { quoteName, skeleton, unambiguous } from '../../../src/model/confusable.js';

describe('look-alike names', () => {
  it.each([
    ['\u0430na', 'ana'], // Cyrillic а
    ['Bo', 'bo'], // letter case
    ['\u03bflaf', 'olaf'], // Greek ο
    ['an\u200ba', 'ana'], // a zero-width space
    ['\uff41na', 'ana'], // fullwidth a (NFKC)
    ['svc-access', 'svc-access'], // most names are their own skeleton
  ])('%s has the skeleton %s', (name, expected) => {
    expect(skeleton(name)).toBe(expected);
  });

  it('tells names apart that are not alike', () => {
    expect(skeleton('ana')).not.toBe(skeleton('anna'));
    expect(skeleton('é-team')).not.toBe(skeleton('e-team'));
  });

  it('shows names outside printable ASCII with their code points', () => {
    expect(unambiguous('ana')).toBe('ana');
    expect(unambiguous('\u0430na')).toBe('\u0430na (\\u0430na)');
    expect(quoteName('\u0430na')).toBe('"\u0430na" (\\u0430na)');
    expect(quoteName('bo')).toBe('"bo"');
  });
});
