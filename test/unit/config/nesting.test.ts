import { describe, expect, it } from 'vitest';
import { findExcessiveNesting, MAX_FLOW_DEPTH } from '../../../src/config/yaml/nesting.js';

describe('findExcessiveNesting', () => {
  it('accepts ordinary access files', () => {
    expect(
      findExcessiveNesting('users:\n  ana:\n    roles: { R: { projects: [a, [b]] } }\n'),
    ).toBeUndefined();
  });

  it('reports the bracket that goes past the flow limit', () => {
    const text = `x: ${'['.repeat(MAX_FLOW_DEPTH + 1)}`;
    expect(findExcessiveNesting(text)).toEqual({ line: 1, col: 4 + MAX_FLOW_DEPTH, kind: 'flow' });
  });

  it('counts balanced brackets only once', () => {
    expect(findExcessiveNesting('[a]\n'.repeat(1000))).toBeUndefined();
  });

  it('ignores brackets in whole-line comments', () => {
    expect(findExcessiveNesting(`# ${'['.repeat(500)}\nx: 1\n`)).toBeUndefined();
  });

  it('reports deep indentation and inline block indicators', () => {
    expect(findExcessiveNesting(`${'- '.repeat(200)}x`)).toMatchObject({ kind: 'indent', line: 1 });
  });
});
