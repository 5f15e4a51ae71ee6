import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sortDiagnostics } from '../../../src/diagnostics/index.js';
import { loadDesiredState } from '../../../src/pipeline/load-desired.js';
import { validateFiles } from '../../../src/pipeline/validate.js';
import { brief, yaml } from '../../unit/config/helpers.js';

// validateFiles builds the desired state only for grants with `until:` or a catalogue: its
// report is the one of the whole load (check, build, expiry warnings) either way.

const NOW = new Date('2030-06-20T00:00:00Z');

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-validate-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const USERS = yaml(
  'version: 1',
  'users:',
  '  ana:',
  '    roles:',
  '      User: [nebula, nebula]',
  '      Lead: []',
);
const ENDING_USER = yaml('version: 1', 'users:', '  bo:', '    roles:');
const GROUP = yaml('version: 1', 'groups:', '  team:', '    members: [ana]', '    roles:');

async function expectLikeTheWholeLoad(files: Record<string, string>): Promise<string[]> {
  const cwd = configDir(files);
  const report = await validateFiles({ paths: ['.'], cwd, now: NOW });
  const loaded = await loadDesiredState(['.'], { cwd, now: NOW });
  expect(report.diagnostics).toEqual(sortDiagnostics(loaded.diagnostics));
  expect(report.files).toEqual(loaded.files);
  return brief(report.diagnostics);
}

describe('validateFiles', () => {
  it('reports as the whole load without until: (the desired state is not built)', async () => {
    expect(await expectLikeTheWholeLoad({ 'users.yaml': USERS })).toEqual([
      'users.yaml:5:22 warning FR309',
      'users.yaml:6:13 warning FR308',
    ]);
  });

  it("reports the expiry warnings of a user's and of a group's ending grant", async () => {
    const user = `${ENDING_USER}      User: { projects: [nebula], until: 2030-06-25 }\n`;
    expect(await expectLikeTheWholeLoad({ 'users.yaml': USERS, 'bo.yaml': user })).toContain(
      'bo.yaml:5:42 warning FR312',
    );
    const group = `${GROUP}      User: { all_open: true, until: 2030-06-01 }\n`;
    expect(await expectLikeTheWholeLoad({ 'users.yaml': USERS, 'g.yaml': group })).toContain(
      'g.yaml:6:38 warning FR313',
    );
  });

  it('reports the errors of an invalid config alone', async () => {
    const invalid = yaml('version: 1', 'users:', '  ana:', '    roles: { User: 3 }');
    expect(await expectLikeTheWholeLoad({ 'users.yaml': invalid })).toEqual([
      'users.yaml:4:20 error FR206',
    ]);
  });
});
