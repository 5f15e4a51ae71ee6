import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from '../../../src/config/suggest.js';

describe('did you mean', () => {
  it.each([
    ['rolse', ['roles', 'users'], 'roles'],
    ['Supervisr', ['Supervisor', 'User'], 'Supervisor'],
    ['all_open', ['all-open'], 'all-open'],
    ['zzzz', ['roles'], undefined],
    ['roles', ['roles'], undefined],
  ])('%s → %s', (word, candidates, expected) => {
    expect(closestMatch(word, candidates)).toBe(expected);
  });

  it('formats the suggestion', () => {
    expect(didYouMean('usres', ['users'])).toBe(" (did you mean 'users'?)");
    expect(didYouMean('x', [])).toBe('');
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
