import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.js';
import type { Plan } from '../../../src/plan/index.js';
import { EXAMPLE_STUDIO, startStudio, writeRequests } from '../../reliability/helpers.js';

// Issue 23, item 1: an edited saved plan applied changes nobody reviewed. A plan file whose
// changes, operations and summary were edited consistently (so that they follow from each
// other) passed every check of `apply --plan`, and its `safety` block was trusted. What
// `apply --plan FILE [PATHS...]` sends must follow from the config the file names: it is
// planned again and must come out the same, and the safety settings are the config's.

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

const readPlan = (dir: string, name = 'plan.json') =>
  JSON.parse(readFileSync(join(dir, name), 'utf8')) as Plan;
const writePlan = (dir: string, name: string, plan: Plan) =>
  writeFileSync(join(dir, name), JSON.stringify(plan, null, 2));

describe('apply --plan with a consistently edited plan file', () => {
  it('refuses a change nobody reviewed (exit 4), sends nothing, and says why', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    // The attack of the issue: the changes, operations and summary that `plan` writes for a
    // config granting hana Administrator, in a file that names the reviewed config.
    cpSync(join(s.dir, 'access'), join(s.dir, 'evil'), { recursive: true });
    const review = join(s.dir, 'evil/users/review.yaml');
    writeFileSync(
      review,
      readFileSync(review, 'utf8').replace(
        /( {2}hana:\n {4}roles:\n)/,
        '$1      Administrator: all-open\n',
      ),
    );
    expect((await s.run(['plan', 'evil', '--out', 'evil.json'])).code).toBe(0);
    const evil = readPlan(s.dir, 'evil.json');
    expect(evil.changes.map((c) => `${c.user} / ${c.role}`)).toContain('hana / Administrator');
    writePlan(s.dir, 'edited.json', { ...evil, config_digest: readPlan(s.dir).config_digest });
    s.emu.resetCounters();
    const result = await s.run(['apply', '--plan', 'edited.json', '--yes']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toContain('The saved plan does not follow from the config');
    expect(result.stderr).toContain('hana / Administrator');
    expect(writeRequests(s.emu)).toEqual([]);
    const roles = s.emu.snapshot().users.find((u) => u.username === 'hana')!.roles;
    expect(Object.keys(roles)).not.toContain('Administrator');
  });

  it('takes the safety settings from the config, not from the file', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    const settings = join(s.dir, 'access/settings.yaml');
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8').replace('max_removals: 25', 'max_removals: 1'),
    );
    const saved = await s.run(['plan', 'access', '--out', 'plan.json', '--allow-removals', '3']);
    expect(saved.code, saved.stderr).toBe(0);
    const plan = readPlan(s.dir);
    plan.safety.max_removals = 100;
    writePlan(s.dir, 'loosened.json', plan);
    s.emu.resetCounters();
    const loosened = await s.run(['apply', '--plan', 'loosened.json', '--yes']);
    expect(loosened.code, loosened.stderr).toBe(4);
    expect(loosened.stderr).toContain('safety');
    const unconfirmed = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(unconfirmed.code, unconfirmed.stderr).toBe(3);
    expect(unconfirmed.stderr).toContain('--allow-removals 3');
    expect(writeRequests(s.emu)).toEqual([]);
    const confirmed = await s.run([
      'apply',
      '--plan',
      'plan.json',
      '--yes',
      '--allow-removals',
      '3',
    ]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
  });

  it('refuses a plan made from another version of the config (exit 4)', async () => {
    const s = await startStudio(started, EXAMPLE_STUDIO);
    expect((await s.run(['plan', 'access', '--out', 'plan.json'])).code).toBe(0);
    const review = join(s.dir, 'access/users/review.yaml');
    writeFileSync(review, `${readFileSync(review, 'utf8')}\n# a comment added after review\n`);
    s.emu.resetCounters();
    const result = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toContain('was made from another version of the config');
    expect(writeRequests(s.emu)).toEqual([]);
  });
});
