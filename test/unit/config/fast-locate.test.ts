import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Schema } from 'yaml';
import { OffsetList } from '../../../src/config/yaml/fast-locate.js';
import { resolvePlain } from '../../../src/config/yaml/fast-scalars.js';
import { expectScannerAgrees } from './yaml-readers.js';

describe('OffsetList', () => {
  it('keeps every offset added, in order, however many', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 2 ** 27 }), { maxLength: 2000, size: 'max' }),
        (values) => {
          const list = new OffsetList();
          for (let i = 0; i + 1 < values.length; i += 2) list.push(values[i]!, values[i + 1]!);
          if (values.length % 2 === 1) list.add(values.at(-1)!);
          expect(list.length).toBe(values.length);
          expect([...list.finish()]).toEqual(values);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('the position store of a large file', () => {
  it('locates every entry of hundreds of users as the js-yaml reader and the yaml path do', () => {
    const lines = ['version: 1', 'users:'];
    for (let i = 0; i < 400; i++) {
      lines.push(`  user-${i}:`, '    roles:');
      for (let r = 0; r < 1 + (i % 11); r++) {
        const projects = Array.from({ length: i % 5 }, (_, p) => `show-${(i * 7 + p) % 97}`);
        lines.push(
          `      ${['Role', i % 3 === 0 ? `"${r}"` : r].join(i % 3 === 0 ? ' ' : '-')}: [${projects.join(', ')}]`,
        );
      }
    }
    lines.push('roles:', ...Array.from({ length: 12 }, (_, i) => `  "${12 - i}": {}`));
    expect(expectScannerAgrees(`${lines.join('\n')}\n`)).toBe(true);
  });
});

describe('resolvePlain', () => {
  const tags = new Schema({ schema: 'core', resolveKnownTags: false }).tags;
  /** yaml's core schema on a plain scalar, without the first-character shortcut. */
  function reference(source: string): unknown {
    const tag = tags.find((t) => t.default === true && t.test?.test(source));
    if (tag === undefined) return source;
    const resolved = (
      tag as unknown as { resolve: (s: string, e: () => void, o: object) => unknown }
    ).resolve(source, () => undefined, { intAsBigInt: false });
    const value = (resolved as { value?: unknown } | null)?.value ?? resolved;
    return ['string', 'number', 'boolean'].includes(typeof value) ? value : undefined;
  }

  it('resolves like yaml core schema, the quick test for plain strings included', () => {
    const char = fc.constantFrom(...'-+.0123456789~nNtTfFrRuUeEalLsSxXoObBiI_ 0aé'.split(''));
    const words = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL'];
    const scalar = fc.oneof(
      fc.array(char, { maxLength: 7 }).map((c) => c.join('')),
      fc.constantFrom(...words, '~', '', '.inf', '-.Inf', '.NaN', '0o17', '0x1F', '1e3', 'nope'),
    );
    fc.assert(
      fc.property(scalar, (source) => {
        expect(resolvePlain(source)).toStrictEqual(reference(source));
      }),
      { numRuns: 3000 },
    );
  });
});
