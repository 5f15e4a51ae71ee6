import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from '../../../src/model/suggest.js';

describe('did you mean', () => {
  it.each([
    ['rolse', ['roles', 'users'], 'roles'],
    ['Supervisr', ['Supervisor', 'User'], 'Supervisor'],
    ['all_open', ['all-open'], 'all-open'],
    ['zzzz', ['roles'], undefined],
    ['roles', ['roles'], undefined],
    // A name that differs only in case is the best suggestion.
    ['administrator', ['Administrator', 'Admin'], 'Administrator'],
    // On a tie, the alphabetically first candidate, whatever their order.
    ['bo', ['co', 'ao'], 'ao'],
    ['anna', ['hana', 'ana'], 'ana'],
  ])('%s → %s', (word, candidates, expected) => {
    expect(closestName(word, candidates)).toBe(expected);
  });

  it('formats the suggestion with the quotation marks of the message', () => {
    expect(didYouMean('usres', ['users'], "'")).toBe(" (did you mean 'users'?)");
    expect(didYouMean('usres', ['users'])).toBe(' (did you mean "users"?)');
    expect(didYouMean('x', [])).toBe('');
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
