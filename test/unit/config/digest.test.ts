import { describe, expect, it } from 'vitest';
import { computeConfigDigest } from '../../../src/config/digest.js';

const file = (path: string, text: string) => ({ path, bytes: new TextEncoder().encode(text) });

describe('computeConfigDigest', () => {
  it('is a sha256 independent of the order of the files', () => {
    const a = computeConfigDigest([file('a.yaml', 'x'), file('b.yaml', 'y')]);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(computeConfigDigest([file('b.yaml', 'y'), file('a.yaml', 'x')])).toBe(a);
  });

  it('changes with a path, a content byte, or a moved boundary', () => {
    const base = computeConfigDigest([file('a.yaml', 'xy')]);
    expect(computeConfigDigest([file('b.yaml', 'xy')])).not.toBe(base);
    expect(computeConfigDigest([file('a.yaml', 'xz')])).not.toBe(base);
    expect(computeConfigDigest([file('a.yaml', 'x'), file('a.yamly', '')])).not.toBe(
      computeConfigDigest([file('a.yaml', 'xa.yamly')]),
    );
  });
});
