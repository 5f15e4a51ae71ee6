import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import {
  EXAMPLE_STUDIO,
  runIn,
  startStudio,
  writeRequests,
  type Studio,
} from '../reliability/helpers.js';

/**
 * Issue 27, part 5: `ftrack-roles show FILE` renders a saved plan offline, with the plan's
 * own views, and checks the file as `apply --plan` does.
 */
const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

/** A fresh emulator seeded with the example studio and a temp copy of its access files. */
function studio(): Promise<Studio> {
  return startStudio(started, EXAMPLE_STUDIO);
}

/** `show` with no connection setting at all in the environment. */
function show(s: Studio, argv: string[], io: Parameters<typeof runIn>[3] = {}) {
  return runIn(s.dir, ['show', ...argv], {}, io);
}

describe('ftrack-roles show', () => {
  it('prints exactly what plan printed, in every format, coloured or not', async () => {
    const s = await studio();
    for (const format of ['text', 'markdown', 'json']) {
      const planned = await s.run(['plan', 'access', '--format', format, '--out', 'plan.json']);
      expect(planned.code, planned.stderr).toBe(0);
      expect(planned.stdout).toContain(format === 'json' ? '"assign": 2' : '2 to assign');
      const shown = await show(s, ['plan.json', '--format', format]);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toBe(planned.stdout);
    }
    const text = await s.run(['plan', 'access', '--out', 'plan.json']);
    expect((await show(s, ['plan.json'])).stdout).toBe(text.stdout);
    expect(text.stdout).toContain('Plan: 2 to assign, 2 to modify, 3 to remove.');
    // On a terminal both colour the text view, the same way.
    const tty = { stdoutIsTTY: true };
    const coloured = await s.run(['plan', 'access', '--out', 'plan.json'], { io: tty });
    expect(coloured.stdout).toContain('\u001b[');
    expect((await show(s, ['plan.json'], tty)).stdout).toBe(coloured.stdout);
  });

  it('reads a plan by relative or absolute path and exits 2 with --detailed-exitcode', async () => {
    const s = await studio();
    mkdirSync(join(s.dir, 'plans'));
    expect((await s.run(['plan', 'access', '--out', 'plans/pending.json'])).code).toBe(0);
    expect((await show(s, ['plans/pending.json', '--detailed-exitcode'])).code).toBe(2);
    const absolute = join(s.dir, 'plans/pending.json');
    expect((await show(s, [absolute, '--format', 'markdown', '--detailed-exitcode'])).code).toBe(2);
    expect((await show(s, ['plans/pending.json'])).code).toBe(0);
    expect((await s.run(['apply', 'access', '--yes'])).code).toBe(0);
    expect((await s.run(['plan', 'access', '--out', 'plans/none.json'])).code).toBe(0);
    const none = await show(s, ['plans/none.json', '--detailed-exitcode']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('No changes.');
  });

  it('needs no FTRACK_* variable, takes no connection option and sends nothing', async () => {
    const s = await studio();
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    s.emu.resetCounters();
    // With the connection of the studio in the environment, show still reaches nobody.
    const configured = await s.run(['show', 'plan.json']);
    expect(configured.code, configured.stderr).toBe(0);
    const bare = await show(s, ['plan.json']);
    expect(bare.code, bare.stderr).toBe(0);
    expect(bare.stdout).toBe(configured.stdout);
    expect(s.emu.requestCount()).toBe(0);
    for (const option of [
      ['--server', s.emu.url],
      ['--api-key-file', 'key.txt'],
      ['--timeout', '5'],
    ]) {
      const refused = await show(s, ['plan.json', ...option]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`unknown option '${option[0]}'`);
      expect(refused.stdout).toBe('');
    }
    expect(s.emu.requestCount()).toBe(0);
    expect(writeRequests(s.emu)).toEqual([]);
  });

  it('says on stderr, in the text view, that the plan carries warnings', async () => {
    const s = await studio();
    expect((await s.run(['plan', 'access', '--format', 'json', '--out', 'plan.json'])).code).toBe(
      0,
    );
    const plan = JSON.parse(readFileSync(join(s.dir, 'plan.json'), 'utf8')) as {
      warnings: unknown[];
    };
    const warning = { code: 'FR404', summary: 'The glob matches no project.' };
    plan.warnings = [warning, { ...warning, source: 'access/users.yaml:3:5' }];
    writeFileSync(join(s.dir, 'warned.json'), JSON.stringify(plan));
    const text = await show(s, ['warned.json']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toBe(
      'The plan was made with 2 warnings: --format markdown and --format json list them.\n',
    );
    const markdown = await show(s, ['warned.json', '--format', 'markdown']);
    expect(markdown.stdout).toContain('`access/users.yaml:3:5`: The glob matches no project.');
    expect(markdown.stderr).toBe('');
  });

  it('refuses a malformed, edited or missing file with exit 1, naming the file', async () => {
    const s = await studio();
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    const text = readFileSync(join(s.dir, 'plan.json'), 'utf8');
    const plan = JSON.parse(text) as Record<string, unknown> & {
      summary: Record<string, number>;
      changes: Record<string, unknown>[];
    };
    const write = (name: string, value: unknown) =>
      writeFileSync(join(s.dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    write('truncated.json', text.slice(0, text.length / 2));
    write('newer.json', { ...plan, format_version: 2 });
    write('renamed.json', {
      ...plan,
      changes: plan.changes.map((c, i) => (i === 0 ? { ...c, action: 'grant' } : c)),
    });
    write('extra.json', { ...plan, comment: 'looks fine to me' });
    write('recounted.json', { ...plan, summary: { ...plan.summary, remove: 0 } });
    write('flipped.json', {
      ...plan,
      changes: plan.changes.map((c, i) => (i === 0 ? { ...c, action: 'remove' } : c)),
    });
    const cases: [string, string, string][] = [
      ['truncated.json', 'FR461', 'Not a plan file: '],
      ['newer.json', 'FR462', 'Unsupported plan format_version 2'],
      ['renamed.json', 'FR463', 'Invalid plan file: /changes/0/action'],
      ['extra.json', 'FR463', 'Invalid plan file: / must NOT have additional properties'],
      [
        'recounted.json',
        'FR467',
        'The plan file was modified: the summary does not match the changes (remove 0, counted 3)',
      ],
      [
        'flipped.json',
        'FR467',
        'The plan file was modified: the change bo / User is "remove" with before null and after a scope',
      ],
      ['missing.json', 'FR464', 'Cannot read the plan file (ENOENT)'],
    ];
    for (const [file, code, summary] of cases) {
      const refused = await show(s, [file, '--format', 'markdown']);
      expect(refused.code, file).toBe(1);
      expect(refused.stdout, file).toBe('');
      expect(refused.stderr, file).toContain(`${file}:1:1: error ${code}: ${summary}`);
      expect(refused.stderr, file).toMatch(/\n {2}hint: \S/);
      expect(refused.stderr, file).toContain(
        `Error: ${file} cannot be shown; nothing was printed on stdout.\n`,
      );
    }
    const missing = await show(s, ['missing.json']);
    expect(missing.stderr).toContain('hint: Write it with `ftrack-roles plan --out FILE` and show');
    expect(missing.stderr).not.toContain('--plan');
  });

  it('asks for the file when none is given', async () => {
    const s = await studio();
    const refused = await show(s, []);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("missing required argument 'file'");
  });
});
