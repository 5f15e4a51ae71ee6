import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigDigest } from '../../src/config/index.js';
import { UsageError } from '../../src/diagnostics/index.js';
import {
  checkAddTarget,
  readConfigAgain,
  writeEditedFiles,
} from '../../src/pipeline/adopt-files.js';

const BOM = '\ufeff';
const USERS = 'version: 1\r\nusers:\r\n  ana:\r\n    roles:\r\n      User: all-open\r\n';

/** A config directory `access/` with a users file (BOM, CRLF, mode 0600) and a roles file. */
function config(): { dir: string; digest: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-adopt-files-'));
  mkdirSync(join(dir, 'access'));
  writeFileSync(join(dir, 'access/users.yaml'), BOM + USERS);
  chmodSync(join(dir, 'access/users.yaml'), 0o600);
  writeFileSync(join(dir, 'access/roles.yaml'), 'version: 1\nroles: {}\n');
  const digest = new ConfigDigest();
  for (const path of ['access/roles.yaml', 'access/users.yaml']) {
    digest.add({ path, bytes: readFileSync(join(dir, path)) });
  }
  return { dir, digest: digest.digest() };
}

describe('the files of adopt', () => {
  it('reads the config again only when it is the config the drift was found with', async () => {
    const { dir, digest } = config();
    const files = await readConfigAgain(['access'], { cwd: dir }, digest);
    expect(files.map((f) => [f.path, f.text])).toEqual([
      ['access/roles.yaml', 'version: 1\nroles: {}\n'],
      ['access/users.yaml', USERS],
    ]);
    writeFileSync(join(dir, 'access/roles.yaml'), 'version: 1\n');
    await expect(readConfigAgain(['access'], { cwd: dir }, digest)).rejects.toThrow(
      'The config files changed while adopt ran; nothing was written. Run adopt again.',
    );
  });

  it('writes keeping the byte order mark and the mode, and creates a new file', async () => {
    const { dir, digest } = config();
    const files = await readConfigAgain(['access'], { cwd: dir }, digest);
    const edited = USERS.replace('all-open', '[alpha]');
    await writeEditedFiles(
      dir,
      files,
      new Map([
        ['access/users.yaml', edited],
        ['access/new.yaml', 'version: 1\n'],
      ]),
    );
    expect(readFileSync(join(dir, 'access/users.yaml'), 'utf8')).toBe(BOM + edited);
    expect(statSync(join(dir, 'access/users.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'access/new.yaml'), 'utf8')).toBe('version: 1\n');
    expect(readFileSync(join(dir, 'access/roles.yaml'), 'utf8')).toBe('version: 1\nroles: {}\n');
  });

  it('writes nothing when a file changed on disk since it was read, or a new one appeared', async () => {
    for (const change of ['access/users.yaml', 'access/new.yaml']) {
      const { dir, digest } = config();
      const files = await readConfigAgain(['access'], { cwd: dir }, digest);
      writeFileSync(join(dir, change), 'version: 1\n');
      const texts = new Map([
        ['access/roles.yaml', 'version: 1\nroles: { User: {} }\n'],
        ['access/users.yaml', 'version: 1\nusers: {}\n'],
        ['access/new.yaml', 'version: 1\nusers: {}\n'],
      ]);
      await expect(writeEditedFiles(dir, files, texts)).rejects.toBeInstanceOf(UsageError);
      expect(readFileSync(join(dir, 'access/roles.yaml'), 'utf8')).toBe('version: 1\nroles: {}\n');
    }
  });

  it('takes an --add-undeclared file of the config, or a new one inside a config directory', async () => {
    const { dir } = config();
    expect(await checkAddTarget(['access'], dir, 'access/users.yaml')).toEqual({
      path: 'access/users.yaml',
      exists: true,
    });
    expect(await checkAddTarget([], dir, './access/team/new.yml')).toEqual({
      path: 'access/team/new.yml',
      exists: false,
    });
    await expect(checkAddTarget(['access/users.yaml'], dir, 'access/new.yaml')).rejects.toThrow(
      'outside the config',
    );
    await expect(checkAddTarget(['access'], dir, 'access/node_modules/x.yaml')).rejects.toThrow(
      'outside the config',
    );
  });
});
