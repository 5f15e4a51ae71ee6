import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { fakeIo } from '../fake-io.js';

// Issue 23, item 5: the API key was printed in config errors ("found the text '<key>'")
// when the key file was linked into the config directory, or a user or role was named like
// the key; links were followed out of the config tree (to /etc/passwd, or `loop -> ..`) and
// about 1.3 kB of the target was echoed; and redaction replaced every occurrence of a short
// key's text, even inside other words.

const root = join(import.meta.dirname, '../../..');
const KEY = 'local-demo-key';
let emu: Emulator;
let base: string;

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  base = mkdtempSync(join(tmpdir(), 'ftrack-roles-secrets-'));
});
afterAll(async () => {
  await emu.stop();
});

/** A config directory `access/` under a fresh directory, with `files` written in it. */
function config(files: Record<string, string>): string {
  const dir = mkdtempSync(join(base, 'case-'));
  mkdirSync(join(dir, 'access'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'access', name), text);
  return dir;
}

async function run(dir: string, argv: string[], env: Record<string, string> = {}) {
  const io = fakeIo(dir, {
    FTRACK_SERVER: emu.url,
    FTRACK_API_USER: 'svc-access',
    FTRACK_API_KEY: KEY,
    ...env,
  });
  const code = await runCli(argv, io.io);
  return { code, out: io.stdout() + io.stderr() };
}

const USER = 'version: 1\nusers:\n  ana:\n    roles:\n      User: all-open\n';

describe('the API key in a config', () => {
  it('is never printed, whatever quotes it', async () => {
    const keyFile = join(base, 'key');
    writeFileSync(keyFile, `${KEY}\n`);
    const linked = config({ 'a.yaml': USER });
    symlinkSync(keyFile, join(linked, 'access/k.yaml'));
    const copied = config({ 'a.yaml': USER, 'k.yaml': `${KEY}\n` });
    const named = config({
      'a.yaml': `version: 1\nusers:\n  ${KEY}:\n    roles:\n      ${KEY}: all-open\n`,
    });
    for (const dir of [linked, copied, named]) {
      for (const argv of [
        ['validate', 'access'],
        ['plan', 'access'],
        ['plan', 'access', '--api-key-file', keyFile],
      ]) {
        const env: Record<string, string> = argv.includes('--api-key-file')
          ? { FTRACK_API_KEY: '' }
          : {};
        const result = await run(dir, argv, env);
        // `validate` has no server to miss a user or role named like the key: it may pass.
        if (argv[0] === 'plan') expect(result.code, `${argv.join(' ')}\n${result.out}`).toBe(1);
        expect(result.out).not.toContain(KEY);
      }
    }
  });

  it('reaches no file outside the config directory through a link, and a loop ends', async () => {
    const dir = config({ 'a.yaml': USER });
    symlinkSync('/etc/passwd', join(dir, 'access/passwd.yaml'));
    symlinkSync('..', join(dir, 'access/loop'));
    const result = await run(dir, ['validate', 'access']);
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      "error FR008: the link 'access/passwd.yaml' leads out of 'access'; it is not read",
    );
    expect(result.out).toContain("error FR008: the link 'access/loop' leads out of 'access'");
    expect(result.out).not.toContain('root:');
  });

  it('is quoted briefly in diagnostics, and a short key redacts only itself', async () => {
    const dir = config({
      'a.yaml': `version: 1\nusers:\n  ana:\n    roles:\n      User: '${'x'.repeat(2000)}'\n`,
    });
    const result = await run(dir, ['validate', 'access'], { FTRACK_API_KEY: 'x' });
    expect(result.code).toBe(1);
    const line = result.out.split('\n').find((l) => l.includes('FR206'))!;
    expect(line.length).toBeLessThan(300);
    // The key `x` is no word of the output: nothing is redacted, not even inside "text".
    expect(result.out).toContain("found the text 'xxx");
    expect(result.out).not.toContain('[redacted]');
  });
});
