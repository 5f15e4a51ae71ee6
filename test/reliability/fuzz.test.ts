import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { answerArbitrary, startFuzzServer, type FuzzServer } from './fuzz-server.js';
import { ACCESS_DIR, runIn, SEED_FILE, studioEnv, type RunResult } from './helpers.js';

/**
 * Issue 11, part 6: bounded, seeded fuzzing. Random mutations of a valid config through
 * validate and plan, and random or garbled server answers through plan and apply, never
 * crash the tool (no unhandled exception, no "Internal error", an exit code of the spec)
 * and never hang (a per-case time limit).
 */
const EXIT_CODES = [0, 1, 2, 3, 4];
const CASE_LIMIT_MS = 15_000;

function withinLimit(run: Promise<RunResult>, what: string): Promise<RunResult> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung: ${what}`)), CASE_LIMIT_MS);
  });
  return Promise.race([run, limit]).finally(() => clearTimeout(timer));
}

function expectSane(result: RunResult, what: string): void {
  expect(EXIT_CODES, `${what}\n${result.stderr}`).toContain(result.code);
  expect(result.stderr, what).not.toContain('Internal error');
  expect(result.stdout + result.stderr, what).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
}

const HOSTILE = [
  ':',
  '-',
  '[',
  ']',
  '{',
  '}',
  '&a',
  '*a',
  '!!',
  '#',
  '\t',
  '\n',
  ' ',
  '"',
  "'",
  '|',
  '>',
  '%',
  '@',
  '`',
  '0',
  '~',
  '\u0000',
  '\uFEFF',
  'é',
  '\u202e',
  '<<: ',
  '? ',
  ',',
  'all-open',
  'null',
];

/** One random edit of a text: delete, insert, duplicate or swap lines, re-indent. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(...HOSTILE),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant('indent' as const),
    at: fc.nat(),
    by: fc.integer({ min: -4, max: 4 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function applyMutation(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % text.length;
  const lines = text.split('\n');
  const line = lines.length === 0 ? 0 : m.at % lines.length;
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'duplicate-line':
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    case 'swap-lines': {
      const other = m.other % lines.length;
      [lines[line], lines[other]] = [lines[other] ?? '', lines[line] ?? ''];
      return lines.join('\n');
    }
    case 'indent':
      lines[line] = m.by >= 0 ? ' '.repeat(m.by) + lines[line] : (lines[line] ?? '').slice(-m.by);
      return lines.join('\n');
  }
}

const FILES = readdirSync(ACCESS_DIR, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath, e.name).slice(ACCESS_DIR.length + 1))
  .sort();

let emu: Emulator;
let fuzz: FuzzServer;
let base: string;
beforeAll(async () => {
  emu = await startEmulator({ seedFile: SEED_FILE });
  fuzz = await startFuzzServer();
  base = mkdtempSync(join(tmpdir(), 'ftrack-roles-fuzz-'));
});
afterAll(async () => {
  await emu.stop();
  await fuzz.stop();
  rmSync(base, { recursive: true, force: true });
});

describe('fuzzing', () => {
  it('mutated configs never crash or hang validate and plan', async () => {
    const dir = join(base, 'config');
    cpSync(ACCESS_DIR, join(dir, 'access'), { recursive: true });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FILES),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (file, mutations) => {
          const original = readFileSync(join(ACCESS_DIR, file), 'utf8');
          writeFileSync(join(dir, 'access', file), mutations.reduce(applyMutation, original));
          const what = `${file} ${JSON.stringify(mutations)}`;
          try {
            const validate = await withinLimit(runIn(dir, ['validate', 'access']), what);
            expectSane(validate, what);
            expect([0, 1]).toContain(validate.code);
            const plan = await withinLimit(runIn(dir, ['plan', 'access'], studioEnv(emu)), what);
            expectSane(plan, what);
            if (validate.code === 1) expect(plan.code, what).toBe(1);
          } finally {
            writeFileSync(join(dir, 'access', file), original);
          }
        },
      ),
      { numRuns: 100, seed: 424242 },
    );
  });

  it('random and garbled server answers never crash or hang plan, apply, drift and export', async () => {
    const dir = join(base, 'server');
    cpSync(ACCESS_DIR, join(dir, 'access'), { recursive: true });
    const env = { FTRACK_SERVER: fuzz.url, FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: 'k' };
    const commands = [
      ['plan', 'access'],
      ['apply', 'access', '--yes'],
      ['drift', 'access'],
      ['export', '--out', 'exported', '--force'],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...commands),
        fc.array(answerArbitrary, { minLength: 1, maxLength: 12 }),
        async (argv, answers) => {
          fuzz.script(answers);
          const what = `${argv.join(' ')} ${JSON.stringify(answers).slice(0, 600)}`;
          expectSane(await withinLimit(runIn(dir, argv, env), what), what);
        },
      ),
      { numRuns: 100, seed: 777 },
    );
    expect(fuzz.requests()).toBeGreaterThan(100);
  });
});
