import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repeatedItems } from '../../../../src/config/rules/rule.js';

/** The indexes of the items seen before, found with a Set, one by one. */
function reference(items: readonly string[]): number[] {
  const seen = new Set<string>();
  return items.flatMap((item, index) => (seen.has(item) ? [index] : (seen.add(item), [])));
}

describe('repeatedItems', () => {
  it('finds each repeat after the first occurrence, in short and in long lists', () => {
    expect(repeatedItems(['a', 'b', 'a', 'a'])).toEqual([2, 3]);
    const long = Array.from({ length: 40 }, (_, i) => `p${i % 25}`);
    expect(repeatedItems(long)).toEqual(Array.from({ length: 15 }, (_, i) => 25 + i));
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 40 }), (items) => {
        expect(repeatedItems(items)).toEqual(reference(items));
      }),
    );
  });
});
