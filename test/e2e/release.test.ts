import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The release workflow (.github/workflows/release.yml, docs/releasing.md): its trigger and
 * permissions, then its steps run here as GitHub would run them, in a copy of the package,
 * up to `npm publish` as a dry run against a registry on 127.0.0.1. Nothing here reaches
 * any other address: npm gets an empty configuration, a local registry and no CI variables
 * (npm asks the CI for an OIDC token when it sees one, even in a dry run), and `gh` is a
 * stand-in that records its arguments.
 */

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ftrack-roles-release-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Manifest {
  name: string;
  version: string;
  files: string[];
  bin: Record<string, string>;
  repository?: string | { url?: string };
}
const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const { name, version } = manifest;
const tag = `v${version}`;
const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, string>;
}
interface Workflow {
  on: unknown;
  concurrency?: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}
const workflow = parse(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8'), {
  uniqueKeys: true,
}) as Workflow;
const jobs = Object.values(workflow.jobs);
const steps = jobs.flatMap((job) => job.steps);
const runs = steps.flatMap((step) => (step.run ? [step.run.trim()] : []));

/** The one step whose command matches `pattern`. */
function stepRunning(pattern: RegExp): Step & { run: string } {
  const found = steps.filter((step) => step.run !== undefined && pattern.test(step.run.trim()));
  expect(found.map((step) => step.run)).toHaveLength(1);
  return { ...found[0]!, run: found[0]!.run!.trim() };
}

describe('the release workflow', () => {
  it('runs on pushed v* tags only, one release at a time', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
    expect(workflow.concurrency).toEqual({
      group: expect.stringMatching(/\S/),
      'cancel-in-progress': false,
    });
  });

  it('may write the repository contents and ask for an OIDC token (provenance), no more', () => {
    expect(jobs).toHaveLength(1);
    const permissions = { ...workflow.permissions, ...jobs[0]!.permissions };
    expect(permissions).toEqual({ contents: 'write', 'id-token': 'write' });
  });

  it('sets up Node 22 for the npm registry with actions pinned by major version', () => {
    expect(steps.flatMap((step) => (step.uses ? [step.uses] : []))).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
    ]);
    const setup = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with).toEqual({
      'node-version': 22,
      'registry-url': 'https://registry.npmjs.org',
    });
  });

  it('checks, installs, tests, packs, sums, publishes and releases, in that order', () => {
    const order = [
      /^node scripts\/release\/check-version\.mjs "\$GITHUB_REF_NAME" /,
      /^npm ci$/,
      /^npm test$/,
      /^npm pack /,
      /^node scripts\/release\/checksum\.mjs /,
      /^npm publish .*--provenance --access public$/,
      /^gh release create "\$GITHUB_REF_NAME" /,
    ];
    const at = order.map((pattern) => runs.findIndex((run) => pattern.test(run)));
    expect(order.filter((_, i) => at[i] === -1).map((pattern) => pattern.source)).toEqual([]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('keeps every step one plain command, and the scripts it calls exist', () => {
    for (const run of runs) expect(run).not.toMatch(/\n|&&|\|\||;|`|\$\(/);
    const scripts = runs.flatMap((run) => [...run.matchAll(/scripts\/[\w./-]+\.mjs/g)].map(String));
    expect(new Set(scripts)).toEqual(
      new Set(['scripts/release/check-version.mjs', 'scripts/release/checksum.mjs']),
    );
    for (const script of scripts) expect(existsSync(join(root, script)), script).toBe(true);
  });

  it('gives the npm token to the publish step only, and the GitHub token to the release step only', () => {
    const withSecrets = steps.filter((step) =>
      /\$\{\{\s*(secrets|github\.token)/.test(JSON.stringify(step)),
    );
    expect(withSecrets.map((step) => step.env)).toEqual([
      { NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' },
      { GH_TOKEN: '${{ github.token }}', GH_REPO: '${{ github.repository }}' },
    ]);
    expect(withSecrets[0]!.run).toMatch(/^npm publish /);
    expect(withSecrets[1]!.run).toMatch(/^gh release create /);
  });
});

/** node scripts/release/check-version.mjs ARGS in a folder holding these files. */
function checkVersion(
  files: { changelog: string; manifest?: object },
  args: string[],
): { status: number | null; stdout: string; stderr: string; dir: string } {
  const dir = mkdtempSync(join(work, 'check-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(files.manifest ?? manifest));
  writeFileSync(join(dir, 'CHANGELOG.md'), files.changelog);
  const script = join(root, 'scripts/release/check-version.mjs');
  const result = spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, dir };
}

/** A changelog with these sections after `## [Unreleased]`, and the links that close it. */
const fixture = (...sections: string[]): string =>
  [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '### Added',
    '',
    '- Not released yet.',
    '',
    ...sections,
    `[unreleased]: https://example.com/compare/${tag}...HEAD`,
    `[${version}]: https://example.com/releases/tag/${tag}`,
    '',
  ].join('\n');
const released = `## [${version}] - 2026-12-07\n\n### Fixed\n\n- A fix.\n`;
const older = '## [0.0.0] - 2026-01-01\n\n- The first.\n';

/** The real CHANGELOG as the maintainer edits it: the Unreleased entries under `## [V] - date`. */
function withReleaseSection(text: string): { text: string; notes: string } {
  const heading = `## [${version}] - 2026-12-07`;
  const lines = text.split('\n').filter((line) => !line.startsWith(`## [${version}]`));
  const edited = lines
    .join('\n')
    .replace('\n## [Unreleased]\n', `\n## [Unreleased]\n\n${heading}\n`);
  expect(edited).toContain(heading);
  const after = edited.slice(edited.indexOf(heading) + heading.length);
  const end = after.indexOf('\n## ');
  return { text: edited, notes: `${(end === -1 ? after : after.slice(0, end)).trim()}\n` };
}

describe('scripts/release/check-version.mjs', () => {
  it("prints the version's section only, without the next one or the closing links", () => {
    const middle = checkVersion({ changelog: fixture(released, older) }, [tag]);
    expect(middle.stderr).toContain(`${tag}: package.json ${version}`);
    expect(middle.status).toBe(0);
    expect(middle.stdout).toBe('### Fixed\n\n- A fix.\n');
    const last = checkVersion({ changelog: fixture(released) }, [tag]);
    expect(last.status).toBe(0);
    expect(last.stdout).toBe('### Fixed\n\n- A fix.\n');
  });

  it('fails without a section for the version, writes no notes, and says how to add one', () => {
    const lines = changelog.split('\n').filter((line) => !line.startsWith(`## [${version}]`));
    const result = checkVersion({ changelog: lines.join('\n') }, [
      tag,
      '--notes-file',
      'out/notes.md',
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`CHANGELOG.md has no section "## [${version}]"`);
    expect(result.stderr).toContain(`fix: move the entries under "## [Unreleased]"`);
    expect(result.stderr).toContain(`git tag -d ${tag}`);
    expect(existsSync(join(result.dir, 'out/notes.md'))).toBe(false);
  });

  it('fails on a section without entries or without its date', () => {
    const empty = checkVersion(
      { changelog: fixture(`## [${version}] - 2026-12-07\n\n### Added\n`, older) },
      [tag],
    );
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain(`section "## [${version}]" (line 9) has no entries`);
    const undated = checkVersion({ changelog: fixture(`## [${version}]\n\n- A fix.\n`) }, [tag]);
    expect(undated.status).toBe(1);
    expect(undated.stderr).toContain(`a release heading is "## [${version}] - YYYY-MM-DD"`);
  });

  it("fails when the tag is not package.json's version, and names both", () => {
    const next = `${Number(version.split('.')[0]) + 1}.0.0`;
    const result = checkVersion({ changelog: fixture(released) }, [`v${next}`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `tag v${next} is version ${next}, but package.json has version ${version}.`,
    );
    expect(result.stderr).toContain(`npm version ${next} --no-git-tag-version`);
    expect(result.stdout).toBe('');
  });

  it('refuses tags that are not vX.Y.Z', () => {
    for (const other of [version, `${tag}-rc.1`, 'vnext']) {
      const result = checkVersion({ changelog: fixture(released) }, [other]);
      expect(result.status, other).toBe(1);
      expect(result.stderr).toContain(`tag ${other} is not a release tag vX.Y.Z`);
    }
    expect(checkVersion({ changelog: fixture(released) }, []).status).toBe(2);
  });

  it("checks package.json's repository.url against --repository (npm's provenance rule)", () => {
    const withRepository = {
      ...manifest,
      repository: { type: 'git', url: 'git+https://github.com/Acme/ftrack-roles.git' },
    };
    const args = [tag, '--repository', 'acme/ftrack-roles'];
    const changelogText = fixture(released);
    expect(checkVersion({ changelog: changelogText, manifest: withRepository }, args).status).toBe(
      0,
    );
    const other = checkVersion({ changelog: changelogText, manifest: withRepository }, [
      tag,
      '--repository',
      'someone/ftrack-roles',
    ]);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(
      `repository.url is "git+https://github.com/Acme/ftrack-roles.git", but npm publishes`,
    );
    const { repository: _, ...without } = manifest;
    const missing = checkVersion({ changelog: changelogText, manifest: without }, args);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("package.json's repository.url is missing");
    expect(missing.stderr).toContain('git+https://github.com/acme/ftrack-roles.git');
  });
});

/** `sha256sum -c` or, where there is none (macOS), `shasum -a 256 -c`. */
const checksumTool = ['sha256sum', 'shasum'].find(
  (tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0,
);
const checkSums = (file: string) =>
  spawnSync(
    checksumTool!,
    [...(checksumTool === 'shasum' ? ['-a', '256'] : []), '-c', basename(file)],
    { cwd: dirname(file), encoding: 'utf8' },
  );

describe("the release workflow's steps, run locally in a copy of the package", () => {
  const repo = join(work, 'repo');
  const bin = join(work, 'bin');
  const ghArgs = join(work, 'gh-args.json');
  const tarball = `release/${name}-${version}.tgz`;
  const requests: string[] = [];
  let published: string[] = [];
  let registry = '';
  let repository = '';
  let notesFile = '';
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.method !== 'GET' || req.url !== `/${name}` || published.length === 0) {
      return void res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    }
    const versions = Object.fromEntries(published.map((v) => [v, { name, version: v }]));
    const packument = { name, 'dist-tags': { latest: published.at(-1) }, versions };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // The compile of the build the workflow's `npm pack` runs in prepack (scripts/build.mjs),
    // into the copy: the build script itself empties and rewrites the repository's dist/,
    // which other test files pack, build and read meanwhile.
    mkdirSync(repo);
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    execFileSync(
      process.execPath,
      [tsc, '-p', 'tsconfig.build.json', '--outDir', join(repo, 'dist')],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    for (const entry of manifest.files.filter((f) => !f.startsWith('!') && f !== 'dist')) {
      cpSync(join(root, entry), join(repo, entry), { recursive: true });
    }
    cpSync(join(root, 'scripts/release'), join(repo, 'scripts/release'), { recursive: true });
    // package.json has no repository yet (docs/releasing.md, "Before the first release"):
    // the copy names a placeholder, as the workflow would run in that repository.
    const url =
      typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    repository = /github\.com[/:]([^/]+\/[^/]+?)(?:\.git)?$/.exec(url ?? '')?.[1] ?? '';
    const copy = repository
      ? manifest
      : {
          ...manifest,
          repository: { type: 'git', url: 'git+https://github.com/example/ftrack-roles.git' },
        };
    repository ||= 'example/ftrack-roles';
    writeFileSync(join(repo, 'package.json'), `${JSON.stringify(copy, null, 2)}\n`);
    writeFileSync(join(repo, 'CHANGELOG.md'), withReleaseSection(changelog).text);
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'gh'),
      '#!/usr/bin/env node\n' +
        "require('node:fs').writeFileSync(process.env.GH_ARGS_FILE, JSON.stringify(process.argv.slice(2)));\n",
    );
    chmodSync(join(bin, 'gh'), 0o755);
    writeFileSync(join(work, 'empty.npmrc'), '');
    writeFileSync(join(work, 'empty-global.npmrc'), '');
  }, 180_000);

  afterAll(() => void server.close());

  /**
   * Runs the workflow step whose command matches, as GitHub runs it (bash -e), without
   * blocking the event loop: the registry above must answer meanwhile.
   */
  function runStep(pattern: RegExp, env: Record<string, string> = {}) {
    const { run } = stepRunning(pattern);
    const kept = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot'].flatMap((key) => {
      const value = process.env[key];
      return value === undefined ? [] : [[key, value]];
    });
    const options = {
      cwd: repo,
      encoding: 'utf8' as const,
      timeout: 60_000,
      env: {
        ...Object.fromEntries(kept),
        PATH: `${bin}${delimiter}${process.env['PATH']}`,
        GITHUB_REF_NAME: tag,
        GITHUB_REPOSITORY: repository,
        NO_COLOR: '1',
        npm_config_userconfig: join(work, 'empty.npmrc'),
        npm_config_globalconfig: join(work, 'empty-global.npmrc'),
        npm_config_cache: join(work, 'npm-cache'),
        npm_config_registry: registry,
        npm_config_ignore_scripts: 'true',
        npm_config_update_notifier: 'false',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_git: join(work, 'no-git'), // a package spec npm takes for git fails here
        ...env,
      },
    };
    const shell = ['--noprofile', '--norc', '-eo', 'pipefail', '-c', run];
    return new Promise<{ run: string; status: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        execFile('bash', shell, options, (error, stdout, stderr) => {
          const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ run, status, stdout, stderr });
        });
      },
    );
  }

  it('check: the tag matches package.json and its CHANGELOG section, whose entries are the notes', async () => {
    const result = await runStep(/^node scripts\/release\/check-version\.mjs /);
    expect(result.stderr).toContain(`${tag}: package.json ${version}`);
    expect(result.status).toBe(0);
    notesFile = /--notes-file (\S+)/.exec(result.run)?.[1] ?? '';
    const notes = readFileSync(join(repo, notesFile), 'utf8');
    expect(notes).toBe(withReleaseSection(changelog).notes);
    expect(notes).toMatch(/^- /m);
    expect(notes).not.toMatch(/^## /m);
  });

  it('pack: npm pack writes the tarball, with the built CLI in it, beside the notes', async () => {
    const result = await runStep(/^npm pack /);
    expect(result.status, result.stderr).toBe(0);
    const listed = execFileSync('tar', ['-tzf', join(repo, tarball)], { encoding: 'utf8' });
    for (const file of Object.values(manifest.bin)) {
      expect(listed.split('\n')).toContain(`package/${file.replace(/^\.\//, '')}`);
    }
    const packed = JSON.parse(
      execFileSync('tar', ['-xOzf', join(repo, tarball), 'package/package.json'], {
        encoding: 'utf8',
      }),
    ) as Manifest;
    expect([packed.name, packed.version]).toEqual([name, version]);
  });

  it('checksum: writes the tarball.sha256 that sha256sum -c accepts, and refuses a changed tarball', async () => {
    const result = await runStep(/^node scripts\/release\/checksum\.mjs /);
    expect(result.status, result.stderr).toBe(0);
    const sum = readFileSync(join(repo, `${tarball}.sha256`), 'utf8');
    const hex = createHash('sha256')
      .update(readFileSync(join(repo, tarball)))
      .digest('hex');
    expect(sum).toBe(`${hex}  ${basename(tarball)}\n`);
    expect(result.stdout).toBe(sum);
    if (!checksumTool) return; // no checksum tool on this machine: the hash above is the check
    const check = checkSums(join(repo, `${tarball}.sha256`));
    expect(check.stdout).toContain(`${basename(tarball)}: OK`);
    expect(check.status).toBe(0);
    const changed = join(work, 'changed');
    cpSync(join(repo, 'release'), changed, { recursive: true });
    appendFileSync(join(changed, basename(tarball)), '\n');
    const refused = checkSums(join(changed, `${basename(tarball)}.sha256`));
    expect(refused.stdout).toContain(`${basename(tarball)}: FAILED`);
    expect(refused.status).toBe(1);
  });

  it('publish: a dry run of the step names the package and version and sends nothing', async () => {
    const { run } = stepRunning(/^npm publish /);
    expect(run).not.toMatch(/--registry|--dry-run|registry\.npmjs/); // the test's settings hold
    // A path: npm reads `release/NAME.tgz` as the GitHub repository `release/NAME.tgz`.
    expect(run).toMatch(/^npm publish "\.\/release\//);
    requests.length = 0;
    const result = await runStep(/^npm publish /, { npm_config_dry_run: 'true' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`+ ${name}@${version}`);
    expect(result.stderr).toContain('(dry-run)');
    expect(requests).toContain(`GET /${name}`); // npm asked the local registry, and only it
    expect(requests.filter((request) => !request.startsWith('GET '))).toEqual([]);
  });

  it('publish: refused when the registry has the version already (a re-run after a publish)', async () => {
    published = [version];
    try {
      const result = await runStep(/^npm publish /, { npm_config_dry_run: 'true' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`cannot publish over the previously published versions`);
    } finally {
      published = [];
    }
  });

  it('release: gh release create gets the tag, the tarball, its checksum and the notes', async () => {
    const result = await runStep(/^gh release create /, { GH_ARGS_FILE: ghArgs });
    expect(result.status, result.stderr).toBe(0);
    const args = JSON.parse(readFileSync(ghArgs, 'utf8')) as string[];
    expect(args.slice(0, 3)).toEqual(['release', 'create', tag]);
    expect(args.filter((arg) => /\.(tgz|sha256)$/.test(arg))).toEqual([
      tarball,
      `${tarball}.sha256`,
    ]);
    expect(args[args.indexOf('--notes-file') + 1]).toBe(notesFile);
    for (const file of [tarball, `${tarball}.sha256`, notesFile]) {
      expect(existsSync(join(repo, file)), file).toBe(true);
    }
  });
});
