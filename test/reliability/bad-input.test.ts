import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorSnapshot } from '../../src/emulator/index.js';
import { CONFIG_CASES, PLAN_CASES, type BadInputCase } from './bad-input-cases.js';
import {
  parseDiagnostics,
  ROOT,
  runIn,
  SEED_FILE,
  studioEnv,
  writeRequests,
  type ParsedDiagnostic,
} from './helpers.js';

/**
 * Issue 11, part 1: every invalid configuration goes through the CLI twice, `validate` and
 * `plan` against an emulator, and must exit 1 with the exact diagnostics (code and
 * file:line:col). Config errors are found before any request; unknown references are
 * found after reads only: no write ever reaches the server, and its state is unchanged.
 */
const INVALID = join(ROOT, 'test/fixtures/invalid');

interface CatalogueCase {
  name: string;
  stage: 'config' | 'plan';
  dir: string;
  paths: string[];
  diagnostics: ParsedDiagnostic[];
}

function fixtureCases(): CatalogueCase[] {
  return readdirSync(INVALID, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(INVALID, entry.name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
        paths: string[];
        diagnostics: ParsedDiagnostic[];
      };
      return { name: entry.name, stage: 'config' as const, dir, ...expected };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Writes a generated case to its own temp directory. */
function materialize(c: BadInputCase, base: string): CatalogueCase {
  const dir = join(base, c.name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  c.setup?.(dir);
  return { name: c.name, stage: c.stage, dir, paths: c.paths ?? ['.'], diagnostics: c.diagnostics };
}

const hasError = (c: CatalogueCase) => c.diagnostics.some((d) => d.severity === 'error');
const fixtures = fixtureCases();
const generatedBase = mkdtempSync(join(tmpdir(), 'ftrack-roles-bad-input-'));
const generated = [...CONFIG_CASES, ...PLAN_CASES].map((c) => materialize(c, generatedBase));
const failing = [...fixtures.filter(hasError), ...generated];
const warningsOnly = fixtures.filter((c) => !hasError(c));

let emu: Emulator;
let initial: EmulatorSnapshot;
beforeAll(async () => {
  emu = await startEmulator({ seedFile: SEED_FILE });
  initial = emu.snapshot();
});
afterAll(async () => {
  await emu.stop();
});

describe('bad input through the CLI', () => {
  it('the catalogue holds at least 60 invalid configurations, with unknown references among them', () => {
    expect(failing.length).toBeGreaterThanOrEqual(60);
    expect(failing.filter((c) => c.stage === 'plan').length).toBeGreaterThanOrEqual(8);
    expect(new Set(failing.map((c) => c.name)).size).toBe(failing.length);
  });

  it.each(failing)('$name ($stage): validate and plan exit 1 and no write is sent', async (c) => {
    const validate = await runIn(c.dir, ['validate', ...c.paths]);
    expect(validate.stdout).toBe('');
    if (c.stage === 'config') {
      expect(validate.code, validate.stderr).toBe(1);
      expect(parseDiagnostics(validate.stderr)).toEqual(c.diagnostics);
    } else {
      expect(validate.code, validate.stderr).toBe(0);
    }

    emu.resetCounters();
    const plan = await runIn(c.dir, ['plan', ...c.paths], studioEnv(emu));
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).toBe('');
    expect(plan.stderr).not.toContain('Internal error');
    expect(parseDiagnostics(plan.stderr)).toEqual(c.diagnostics);
    if (c.stage === 'config') {
      expect(plan.stderr).toContain('nothing was planned');
      // Reads may have started while the config was checked (issue 16); writes never.
      expect(writeRequests(emu)).toEqual([]);
    } else {
      expect(plan.stderr).toContain('The config does not match the server; nothing was planned.');
      expect(emu.requestCount()).toBeGreaterThan(0);
      expect(writeRequests(emu)).toEqual([]);
    }
    expect(emu.snapshot()).toEqual(initial);
  });

  it.each(warningsOnly)('$name: warnings only, validate exits 0 and names them', async (c) => {
    const validate = await runIn(c.dir, ['validate', ...c.paths]);
    expect(validate.code, validate.stderr).toBe(0);
    expect(parseDiagnostics(validate.stderr)).toEqual(c.diagnostics);
  });

  it('UTF-8 with a BOM and CRLF line ends is not bad input: it validates and plans', async () => {
    const dir = join(generatedBase, 'utf8-bom-crlf');
    mkdirSync(dir, { recursive: true });
    const text = 'version: 1\r\nusers:\r\n  ana:\r\n    roles:\r\n      User: all-open\r\n';
    writeFileSync(join(dir, 'access.yaml'), `\uFEFF${text}`);
    expect((await runIn(dir, ['validate', '.'])).code).toBe(0);
    const plan = await runIn(dir, ['plan', '.', '--detailed-exitcode'], studioEnv(emu));
    expect([0, 2], plan.stderr).toContain(plan.code);
  });

  it('apply of an invalid config exits 1 and sends nothing either', async () => {
    const c = generated.find((g) => g.name === 'plan-everything-unknown-at-once')!;
    emu.resetCounters();
    const apply = await runIn(c.dir, ['apply', '.', '--yes'], studioEnv(emu));
    expect(apply.code).toBe(1);
    expect(writeRequests(emu)).toEqual([]);
    expect(emu.snapshot()).toEqual(initial);
  });
});
