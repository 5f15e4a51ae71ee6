import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { fakeIo } from './fake-io.js';

/**
 * `apply --reviewed FILE|DIGEST`: what CI runs on merge. It plans again and applies only
 * if the plan makes exactly the changes reviewers saw (the pull request's plan file, or the
 * changes digest of its comment); else exit 4 and nothing is sent.
 */
const root = join(import.meta.dirname, '../..');
const emulators: Emulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((emu) => emu.stop()));
});

async function studio() {
  const emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  emulators.push(emu);
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-reviewed-'));
  cpSync(join(root, 'examples/studio/access'), join(dir, 'access'), { recursive: true });
  const run = async (argv: string[]) => {
    const io = fakeIo(dir, {
      FTRACK_SERVER: emu.url,
      FTRACK_API_USER: 'svc-access',
      FTRACK_API_KEY: 'local-demo-key',
    });
    const code = await runCli(argv, io.io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  };
  const writes = () =>
    emu
      .requests()
      .filter((ops) => (ops as { action: string }[]).some((op) => op.action !== 'query')).length;
  return { emu, dir, run, writes };
}

async function idOf(emu: Emulator, type: string, where: string): Promise<string> {
  const [result] = (await emu.call([
    { action: 'query', expression: `select id from ${type} where ${where}` },
  ])) as { data: { id: string }[] }[];
  return result!.data[0]!.id;
}

/** The digest the plan's Markdown (the pull request's comment) carries. */
function digestOf(markdown: string): string {
  const found = /<!-- ftrack-roles-changes-digest: (sha256:[0-9a-f]{64}) -->/.exec(markdown);
  expect(found).not.toBeNull();
  return found![1]!;
}

describe('apply --reviewed', () => {
  it('applies when the plan made now makes the reviewed changes (file or digest)', async () => {
    const s = await studio();
    const planned = await s.run(['plan', '--format', 'markdown', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);
    const digest = digestOf(planned.stdout);
    // Something the plan does not depend on changes: a new private project. The saved plan
    // (`--plan`) is then stale, but the reviewed changes are still exactly what is planned.
    await s.emu.call([
      {
        action: 'create',
        entity_type: 'Project',
        entity_data: { name: 'newshow', full_name: 'New show', is_private: true },
      },
    ]);
    const stale = await s.run(['apply', '--plan', 'plan.json', '--yes']);
    expect(stale.code).toBe(4);
    const dry = await s.run(['apply', '--reviewed', digest, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const applied = await s.run(['apply', '--reviewed', 'plan.json', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(s.writes()).toBe(1);
    const after = await s.run(['plan', '--detailed-exitcode']);
    expect(after.code).toBe(0);
  });

  it('refuses with exit 4 and sends nothing when the changes differ, naming them', async () => {
    const s = await studio();
    const planned = await s.run(['plan', '--format', 'markdown', '--out', 'plan.json']);
    const digest = digestOf(planned.stdout);
    // Behind the files' back, bo gets the User role the reviewed plan was to assign.
    await s.emu.call([
      {
        action: 'add_user_security_role',
        user_id: await idOf(s.emu, 'User', 'username is "bo"'),
        role_id: await idOf(s.emu, 'SecurityRole', 'name is "User"'),
      },
    ]);
    const byFile = await s.run(['apply', '--reviewed', 'plan.json', '--yes']);
    expect(byFile.code).toBe(4);
    expect(byFile.stderr).toContain('The plan made now differs from the reviewed plan');
    expect(byFile.stderr).toMatch(/reviewed, no longer planned: assign bo User/);
    const byDigest = await s.run(['apply', '--reviewed', digest, '--yes']);
    expect(byDigest.code).toBe(4);
    expect(byDigest.stderr).toContain(digest);
    expect(s.writes()).toBe(0);
    const audit = readFileSync(join(s.dir, '.ftrack-roles/audit.jsonl'), 'utf8');
    expect(
      audit
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { outcome: string }).outcome),
    ).toEqual(['stale', 'stale']);
  });

  it('an edited config that plans the same changes is still what was reviewed', async () => {
    const s = await studio();
    await s.run(['plan', '--out', 'plan.json']);
    const settings = join(s.dir, 'access/settings.yaml');
    writeFileSync(settings, `${readFileSync(settings, 'utf8')}\n# a comment added after review\n`);
    const applied = await s.run(['apply', '--reviewed', 'plan.json', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
  });

  it('refuses --plan with --reviewed, and a malformed digest, before anything is read', async () => {
    const s = await studio();
    const both = await s.run(['apply', '--plan', 'a.json', '--reviewed', 'b.json', '--yes']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('Give --plan or --reviewed, not both');
    const bad = await s.run(['apply', '--reviewed', 'sha256:abc', '--yes']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('64 lowercase hex digits');
    expect(s.emu.requestCount()).toBe(0);
  });
});
