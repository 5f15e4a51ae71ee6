import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Installing from a git tag: npm clones the tag, installs the dev dependencies in the clone,
 * runs `prepare` (the build) and packs the clone. The repository here is a snapshot of the
 * working tree, so the test checks what would be committed, without the network (npm
 * fetches the dependencies from its registry, through its cache).
 */
const root = join(import.meta.dirname, '../..');
const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
const { version } = JSON.parse(manifestText) as { version: string };
const work = mkdtempSync(join(tmpdir(), 'ftrack-roles-git-'));
const repo = join(work, 'repo');
const spec = `git+file://${repo}#v${version}`;
const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'];

const execFileAsync = promisify(execFile);
const env = {
  ...process.env,
  npm_config_loglevel: 'error',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};
/** Runs a program without blocking the event loop (the tests below run side by side). */
const run = async (file: string, args: string[], cwd: string): Promise<string> =>
  (await execFileAsync(file, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;
const npm = (args: string[], cwd: string): Promise<string> =>
  run('npm', ['--prefer-offline', ...args], cwd);
const git = (args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const emptyDir = (name: string): string => {
  const dir = join(work, name);
  mkdirSync(dir);
  return dir;
};
const packedManifest = (tarball: string): { scripts?: Record<string, string> } =>
  JSON.parse(
    execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  ) as { scripts?: Record<string, string> };

beforeAll(() => {
  // The files git would commit from the working tree, tracked or new, without ignored ones.
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  for (const file of listed.split('\0').filter(Boolean)) {
    if (!existsSync(join(root, file))) continue; // deleted, not yet staged
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    cpSync(join(root, file), join(repo, file), { verbatimSymlinks: true });
  }
  // Another test file may be packing the repository right now: its prepack leaves
  // `prepare` out of package.json for a moment, keeping the original in the backup.
  const hasPrepare = (text: string) =>
    (JSON.parse(text) as { scripts?: Record<string, string> }).scripts?.['prepare'] !== undefined;
  const current = readFileSync(join(root, 'package.json'), 'utf8');
  const backup = join(root, '.package.json.prepack');
  const original = hasPrepare(current) ? current : readFileSync(backup, 'utf8');
  writeFileSync(join(repo, 'package.json'), original);
  git(['-c', 'init.defaultBranch=main', 'init', '-q']);
  git(['add', '-A']);
  git(['-c', 'commit.gpgSign=false', 'commit', '-q', '-m', 'snapshot of the working tree']);
  git(['-c', 'tag.gpgSign=false', 'tag', `v${version}`]);
  // `npm pack` in the snapshot builds with this checkout's dependencies.
  symlinkSync(join(root, 'node_modules'), join(repo, 'node_modules'));
  writeFileSync(join(repo, '.git/info/exclude'), 'node_modules\n');
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.concurrent('installing from a git tag', () => {
  it('npm pack of the tag makes a tarball that installs globally', async ({ expect }) => {
    // `npm install --global git+…` itself fails: npm prepares the clone as a global install
    // (npm/cli#4148, npm/cli#8440). Packing the tag first is the way round.
    const dir = emptyDir('pack');
    const [info] = JSON.parse(await npm(['pack', '--json', spec], dir)) as [{ filename: string }];
    expect(info.filename).toBe(`ftrack-roles-${version}.tgz`);
    const prefix = emptyDir('prefix');
    await npm(['install', '--global', '--prefix', prefix, join(dir, info.filename)], dir);
    expect(await run(join(prefix, 'bin/ftrack-roles'), ['--version'], work)).toBe(`${version}\n`);
  }, 180_000);

  it('npm install of the tag in a project builds the package', async ({ expect }) => {
    const app = emptyDir('app');
    writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}\n');
    await npm(['install', spec], app);
    const bin = join(app, 'node_modules/.bin/ftrack-roles');
    expect(await run(bin, ['--version'], app)).toBe(`${version}\n`);
  }, 180_000);

  it('npx runs the tag', async ({ expect }) => {
    const dir = emptyDir('npx');
    try {
      expect(await run('npx', ['--yes', spec, '--version'], dir)).toBe(`${version}\n`);
    } finally {
      // npx keeps what it installed in the npm cache (`_npx/<hash>`); this one is of no use.
      const entries = (await npm(['cache', 'npx', 'ls'], dir)).split('\n');
      const hashes = entries.filter((e) => e.includes(repo)).map((e) => e.split(':')[0]!);
      if (hashes.length > 0) await npm(['cache', 'npx', 'rm', ...hashes], dir);
    }
  }, 180_000);

  it('npm pack in the repository leaves prepare out of the tarball only', async ({ expect }) => {
    const before = readFileSync(join(repo, 'package.json'), 'utf8');
    expect(JSON.parse(before).scripts.prepare).toBe('node scripts/build.mjs');
    const dir = emptyDir('pack-repo');
    const out = await npm(['pack', '--json', '--pack-destination', dir], repo);
    const [info] = JSON.parse(out) as [{ filename: string; files: { path: string }[] }];
    expect(info.files.map((f) => f.path)).toContain('dist/cli/bin.js');
    const scripts = packedManifest(join(dir, info.filename)).scripts ?? {};
    expect(Object.keys(scripts).filter((s) => installScripts.includes(s))).toEqual([]);
    // postpack put package.json back, byte for byte, and removed its backup.
    expect(readFileSync(join(repo, 'package.json'), 'utf8')).toBe(before);
    expect(existsSync(join(repo, '.package.json.prepack'))).toBe(false);
    expect(git(['status', '--porcelain'])).toBe('');
  }, 180_000);
});

describe('scripts/pack-manifest.mjs', () => {
  it('recovers from an interrupted pack: the next strip starts from the backup', () => {
    const dir = emptyDir('interrupted');
    mkdirSync(join(dir, 'scripts'));
    cpSync(join(root, 'scripts/pack-manifest.mjs'), join(dir, 'scripts/pack-manifest.mjs'));
    writeFileSync(join(dir, 'package.json'), manifestText);
    const packManifest = (command: string): string =>
      execFileSync(process.execPath, [join(dir, 'scripts/pack-manifest.mjs'), command], {
        encoding: 'utf8',
      });
    const read = (): string => readFileSync(join(dir, 'package.json'), 'utf8');

    packManifest('restore'); // without a backup: nothing to do
    expect(read()).toBe(manifestText);
    packManifest('strip');
    const stripped = read();
    const expected = JSON.parse(manifestText);
    expect(expected.scripts.prepare).toBeDefined();
    delete expected.scripts.prepare;
    expect(stripped).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    // The pack stops here (no postpack); the next pack strips again.
    packManifest('strip');
    expect(read()).toBe(stripped);
    packManifest('restore');
    expect(read()).toBe(manifestText);
    expect(existsSync(join(dir, '.package.json.prepack'))).toBe(false);
  });
});
