import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFiles } from '../../../src/config/read.js';
import { brief } from './helpers.js';

/** The read stage is the config's only file-system access, so this test uses a temp dir. */
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ftrack-roles-read-'));
  const write = (path: string, text = 'version: 1\n') => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('access/b.yaml');
  write('access/a.yml');
  write('access/users/c.YAML');
  write('access/notes.txt');
  write('access/.hidden/x.yaml');
  write('access/node_modules/y.yaml');
  write('other/extra.conf');
  write('big/huge.yaml', `version: 1\n# ${'x'.repeat(2000)}\n`);
  mkdirSync(join(root, 'empty'));
  symlinkSync(join(root, 'access'), join(root, 'access/users/loop'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readConfigFiles', () => {
  it('finds *.yaml and *.yml recursively, sorted, skipping hidden entries and node_modules', async () => {
    const result = await readConfigFiles(['access'], { cwd: root });
    // The link back to `access` is a loop: skipped, with a warning (issue 23, item 5).
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.summary}`)).toEqual([
      "warning FR009 the link 'access/users/loop' leads back to a directory already read; it is skipped",
    ]);
    expect(result.found).toEqual(['access/a.yml', 'access/b.yaml', 'access/users/c.YAML']);
    expect(result.files.map((f) => f.text)).toEqual([
      'version: 1\n',
      'version: 1\n',
      'version: 1\n',
    ]);
  });

  it('defaults to ./access, accepts named files of any extension and reads each file once', async () => {
    expect((await readConfigFiles([], { cwd: root })).found).toHaveLength(3);
    const result = await readConfigFiles(['other/extra.conf', 'access', 'access/b.yaml'], {
      cwd: root,
    });
    expect(result.found).toEqual([
      'access/a.yml',
      'access/b.yaml',
      'access/users/c.YAML',
      'other/extra.conf',
    ]);
  });

  it('shows paths outside the working directory relative to it', async () => {
    const result = await readConfigFiles(['../access/b.yaml'], { cwd: join(root, 'other') });
    expect(result.found).toEqual(['../access/b.yaml']);
  });

  it('reports a missing path, with a hint for the default', async () => {
    const result = await readConfigFiles([], { cwd: join(root, 'empty') });
    expect(brief(result.diagnostics)).toEqual(['- error FR001']);
    expect(result.diagnostics[0]!.hint).toContain("holds 'access/'");
  });

  it('reports a directory without config files', async () => {
    const result = await readConfigFiles(['empty'], { cwd: root });
    expect(result.diagnostics.map((d) => d.summary)).toEqual([
      "directory 'empty' holds no *.yaml or *.yml files",
    ]);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const result = await readConfigFiles(['big'], { cwd: root, maxFileBytes: 1000 });
    expect(brief(result.diagnostics)).toEqual(['big/huge.yaml:1:1 error FR003']);
    expect(result.files).toEqual([]);
    expect(result.found).toEqual(['big/huge.yaml']);
  });

  it('refuses a device or a pipe instead of reading it forever', async () => {
    const result = await readConfigFiles(['/dev/zero'], { cwd: root });
    expect(brief(result.diagnostics)).toEqual([
      expect.stringMatching(/dev\/zero:1:1 error FR006$/),
    ]);
    expect(result.files).toEqual([]);
  });
});
