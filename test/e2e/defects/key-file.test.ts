import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { auditLines, writeRequests } from '../../reliability/helpers.js';
import { fakeIo } from '../fake-io.js';

// Issue 23, item 9: a key file with a byte-order mark made plan, apply, drift and export
// exit 13 with no message (the invalid header wedged the connection pool), and
// `--api-key-file /dev/zero` aborted with std::bad_alloc. A BOM and surrounding white
// space are stripped; a key that cannot be sent as a header, or a file too large to be a
// key, is a clear error (exit 1) before anything is sent.

const root = join(import.meta.dirname, '../../..');
const KEY = 'local-demo-key';
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-keyfile-'));
});
afterAll(async () => {
  await emu.stop();
});

async function run(argv: string[]) {
  const io = fakeIo(root, { FTRACK_SERVER: emu.url, FTRACK_API_USER: 'svc-access' });
  const code = await runCli(argv, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('the API key file', () => {
  it('may start with a byte-order mark and end with CRLF and spaces', async () => {
    const file = join(dir, 'bom.key');
    writeFileSync(file, `\ufeff${KEY} \r\n`);
    for (const command of ['plan', 'drift']) {
      const result = await run([command, 'examples/studio/access', '--api-key-file', file]);
      expect([0, 2], `${command}: ${result.stderr}`).toContain(result.code);
    }
    const exported = await run(['export', '--api-key-file', file]);
    expect(exported.code, exported.stderr).toBe(0);
  });

  it('holding a character that cannot be sent is a clear error, before anything is sent', async () => {
    const file = join(dir, 'control.key');
    writeFileSync(file, `local-\u0007demo-key\n`);
    const audit = join(dir, 'audit.jsonl');
    const before = emu.requestCount();
    const plan = await run(['plan', 'examples/studio/access', '--api-key-file', file]);
    const apply = await run([
      'apply',
      'examples/studio/access',
      '--yes',
      '--api-key-file',
      file,
      '--audit-log',
      audit,
    ]);
    for (const result of [plan, apply]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `The API key in ${file} holds a character that cannot be sent in an HTTP header`,
      );
      expect(result.stderr).not.toContain('demo-key');
    }
    expect(emu.requestCount()).toBe(before);
    expect(auditLines(audit).map((l) => l['outcome'])).toEqual(['refused']);
    expect(writeRequests(emu)).toEqual([]);
  });

  it('is read with a small bound: /dev/zero is refused at once', async () => {
    const started = Date.now();
    const result = await run(['export', '--api-key-file', '/dev/zero']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The API key file /dev/zero is larger than');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
