import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
    found.push(m[1]!);
  }
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

/** Stage → stages it must never import (house style, dependency direction). */
const forbidden: Record<string, string[]> = {
  model: [
    'diagnostics',
    'config',
    'desired',
    'session',
    'current',
    'plan',
    'render',
    'apply',
    'emulator',
    'cli',
  ],
  emulator: ['session', 'current', 'plan', 'apply', 'desired', 'config', 'render', 'cli'],
  plan: ['session', 'apply', 'emulator', 'cli', 'render'],
  render: ['session', 'apply', 'emulator', 'cli'],
  config: ['session', 'current', 'plan', 'apply', 'emulator', 'cli'],
  desired: ['session', 'current', 'plan', 'apply', 'emulator', 'cli'],
  session: ['plan', 'apply', 'emulator', 'cli', 'config', 'desired'],
  current: ['plan', 'apply', 'emulator', 'cli', 'config', 'desired'],
  apply: ['emulator', 'cli'],
  export: ['session', 'apply', 'emulator', 'cli'],
  explain: ['session', 'apply', 'emulator', 'cli'],
  drift: ['session', 'apply', 'emulator', 'cli'],
  wire: [
    'model',
    'diagnostics',
    'config',
    'desired',
    'session',
    'current',
    'plan',
    'render',
    'apply',
    'emulator',
    'cli',
  ],
};

describe('import boundaries', () => {
  const files = sourceFiles(join(root, 'src'));

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const [stage, banned] of Object.entries(forbidden)) {
    it(`src/${stage} imports none of ${banned.join(', ')}`, () => {
      const offenders: string[] = [];
      for (const file of files.filter((f) =>
        relative(join(root, 'src'), f).startsWith(`${stage}/`),
      )) {
        for (const spec of importsOf(file)) {
          if (!spec.startsWith('.')) continue;
          const target = relative(join(root, 'src'), join(file, '..', spec)).split('/')[0];
          if (target && banned.includes(target))
            offenders.push(`${relative(root, file)} → ${spec}`);
        }
      }
      expect(offenders).toEqual([]);
    });
  }

  it('nothing outside src/cli imports the CLI', () => {
    const offenders = files
      .filter((f) => !relative(join(root, 'src'), f).startsWith('cli/'))
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => /(^|\/)cli\//.test(s))
          .map((s) => `${relative(root, f)} → ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it('neither src/ nor test/ reads ../shared', () => {
    const all = [...files, ...sourceFiles(join(root, 'test'))].filter(
      (f) => f !== import.meta.filename,
    );
    const offenders = all.filter((f) =>
      /\.\.\/shared\b|['"`]\.\.\/\.\.\/shared/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
