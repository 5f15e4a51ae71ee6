import { describe, expect, it } from 'vitest';
import { globMatcher, isGlob, matchingGlobs } from '../../../src/model/glob.js';

describe('globs over names', () => {
  it('tells globs from plain names', () => {
    expect(['nebula', 'show_tide', 'a.b@x.com'].map(isGlob)).toEqual([false, false, false]);
    expect(['show_*', 'ep?', 'show_[ab]', '{a,b}'].map(isGlob)).toEqual([true, true, true, true]);
  });

  it('matches whole names, dots included', () => {
    const match = globMatcher(['svc-*', 'root', '*.bot']);
    expect(['svc-access', 'root', 'x.bot', '.bot'].map(match)).toEqual([true, true, true, true]);
    expect(['my-svc-x', 'rooter', 'svc'].map(match)).toEqual([false, false, false]);
    expect(globMatcher([])('anything')).toBe(false);
  });

  it('lists the globs that match', () => {
    expect(matchingGlobs('svc-a', ['svc-*', 'svc-?', 'x'])).toEqual(['svc-*', 'svc-?']);
  });
});
