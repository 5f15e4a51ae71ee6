import { describe, expect, it } from 'vitest';
import {
  computeSchemaHash,
  pythonJsonDumps,
  schemaHashOfServer,
} from '../../../src/emulator/index.js';
import { QUERY_SCHEMAS } from '../../../src/emulator/schemas.js';

describe('schema hash', () => {
  it('equals the hash a real server reports for the same schema list', () => {
    expect(QUERY_SCHEMAS).toHaveLength(116);
    expect(computeSchemaHash(QUERY_SCHEMAS)).toBe('23a1157b8b1730fd91c76f63dcd67a8f');
    expect(schemaHashOfServer()).toBe('23a1157b8b1730fd91c76f63dcd67a8f');
  });

  it('serialises like Python json.dumps(sort_keys=True)', () => {
    // Expected text produced by CPython 3 for the same value.
    const value = { b: [1, 2.5, null, true], a: 'é\u2028\n"\\/\u007f😀', c: { z: 1, A: 'x' } };
    expect(pythonJsonDumps(value)).toBe(
      '{"a": "\\u00e9\\u2028\\n\\"\\\\/\\u007f\\ud83d\\ude00", "b": [1, 2.5, null, true], "c": {"A": "x", "z": 1}}',
    );
  });

  it('changes when the schema list changes', () => {
    expect(computeSchemaHash([...QUERY_SCHEMAS].slice(1))).not.toBe(
      '23a1157b8b1730fd91c76f63dcd67a8f',
    );
  });
});
