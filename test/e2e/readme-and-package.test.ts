import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ftrack-roles-pack-'));
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** npm without blocking the event loop (a test's own HTTP server must answer meanwhile). */
const npmAsync = (args: string[], cwd: string): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(
      'npm',
      args,
      {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });

let tarball = '';
let files: string[] = [];
let app: string | undefined;

/** A project that installed the tarball (once), as a studio's tool would. */
function installedApp(): string {
  if (app !== undefined) return app;
  const dir = join(work, 'app');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    '{"name":"app","version":"1.0.0","private":true,"type":"module"}',
  );
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
  app = dir;
  return dir;
}

beforeAll(() => {
  // `npm pack` runs the `prepack` script, so the tarball holds a fresh build.
  const out = npm(['pack', '--json', '--pack-destination', work], root);
  const [info] = JSON.parse(out) as [{ filename: string; files: { path: string }[] }];
  tarball = join(work, info.filename);
  files = info.files.map((f) => f.path);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The README promises two set-up commands. `npm test` is what CI runs around this very
 * suite; `npm run demo` is run here as a user would, so the README's main job is tested.
 * The package tests live in the same file so that the builds they run never overlap.
 */
describe("the README's set-up commands", () => {
  it('are `npm ci && npm run demo` and `npm test`', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const setUp = /## Set-up\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = setUp
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
  });

  it('npm run demo builds, runs the example studio end to end and exits 0', () => {
    const out = npm(['run', 'demo'], root);
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('Plan: 2 to assign, 2 to modify, 3 to remove.');
    expect(out).toContain('Demo finished: the server converged to the desired state.');
    expect(out).not.toContain('local-demo-key');
  }, 180_000);
});

describe('the npm package', () => {
  it('holds the built dist/, the schemas, README, LICENSE and package.json only', () => {
    const tops = [...new Set(files.map((f) => f.split('/')[0]))].sort();
    expect(tops).toEqual([
      'LICENSE',
      'README.md',
      'dist',
      'docs',
      'examples',
      'package.json',
      'schema',
    ]);
    expect(files).toContain('dist/cli/bin.js');
    expect(files).toContain('dist/emulator/data/query-schemas.json');
    expect(files).toContain('schema/desired-state.v1.schema.json');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    // TypeScript sources stay out; their declarations are the API's types.
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files).toContain('dist/api/index.d.ts');
    expect(files).toContain('dist/emulator/public.d.ts');
    // The build starts from an empty dist/: no module survives its source.
    const orphans = files
      .filter((f) => f.endsWith('.js'))
      .filter((f) => !existsSync(join(root, f.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'))));
    expect(orphans).toEqual([]);
    // Development tools stay in the repository.
    expect(files).not.toContain('dist/cli/demo.js');
    expect(files).not.toContain('dist/config/generated/generate-validator.js');
  });

  it('has every relative link of its README and docs inside the package', () => {
    // Links that work wherever the package is read: in node_modules, an unpacked tarball.
    const documents = files.filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f));
    expect(documents.length).toBeGreaterThan(10);
    const broken: string[] = [];
    for (const document of documents) {
      const text = readFileSync(join(root, document), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
        const path = posix.normalize(
          posix.join(posix.dirname(document), target!.replace(/#.*$/, '')),
        );
        const found = files.some((f) => f === path || f.startsWith(`${path.replace(/\/$/, '')}/`));
        if (!found) broken.push(`${document}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('runs no script when it is installed (the build runs when it is packed)', () => {
    const manifest = JSON.parse(
      execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    ) as { scripts?: Record<string, string> };
    const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(manifest.scripts ?? {}).filter((s) => installScripts.includes(s))).toEqual(
      [],
    );
    expect(manifest.scripts?.['prepack']).toMatch(/^npm run build && /);
  });

  it('installs globally into an empty prefix and plans against the emulator it ships', async () => {
    const prefix = join(work, 'prefix');
    npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], work);
    const bin = join(prefix, 'bin/ftrack-roles');
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' })).toMatch(/^\d+\.\d+\.\d+\n$/);
    // The example studio the package carries (README: Install).
    const installed = join(prefix, 'lib/node_modules/ftrack-roles');
    const emulator = spawn(
      bin,
      ['emulator', '--seed', join(installed, 'examples/studio/seed.yaml')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        emulator.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (found) resolve(found[1]!);
        });
        emulator.on('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
      });
      const plan = spawnSync(
        bin,
        ['plan', join(installed, 'examples/studio/access'), '--format', 'json'],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            NO_COLOR: '1',
            FTRACK_SERVER: url,
            FTRACK_API_USER: 'svc-access',
            FTRACK_API_KEY: 'local-demo-key',
          },
        },
      );
      expect(plan.status, plan.stderr).toBe(0);
      const planned = JSON.parse(plan.stdout) as { format_version: number; changes: unknown[] };
      expect(planned.format_version).toBe(1);
      expect(planned.changes.length).toBeGreaterThan(0);
    } finally {
      emulator.kill();
    }
  }, 180_000);

  it('installs globally from a URL (a release asset) into an empty prefix', async () => {
    const body = readFileSync(tarball);
    const server = createServer((req, res) => {
      if (req.url !== `/${basename(tarball)}`) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/gzip' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const prefix = join(work, 'prefix-url');
      const url = `http://127.0.0.1:${port}/${basename(tarball)}`;
      await npmAsync(
        ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', url],
        work,
      );
      const version = execFileSync(join(prefix, 'bin/ftrack-roles'), ['version'], {
        encoding: 'utf8',
      });
      const { version: expected } = JSON.parse(
        readFileSync(join(root, 'package.json'), 'utf8'),
      ) as {
        version: string;
      };
      expect(version).toBe(`${expected}\n`);
    } finally {
      server.close();
    }
  }, 180_000);

  it('installs from the tarball and runs --version and validate on the examples', () => {
    const app = installedApp();
    expect(readdirSync(join(app, 'node_modules/.bin'))).toContain('ftrack-roles');
    const bin = join(app, 'node_modules/.bin/ftrack-roles');
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const validate = execFileSync(bin, ['validate', join(root, 'examples/studio/access')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(validate).toBe('');
    const help = execFileSync(bin, ['--help'], { encoding: 'utf8' });
    expect(help).toContain('validate');
    expect(help).toContain('plan');
    expect(help).toContain('apply');
  }, 180_000);

  it('runs the docs/api.md examples against the installed package, with its types', () => {
    const app = installedApp();
    const docs = readFileSync(join(root, 'docs/api.md'), 'utf8');
    const examples = [
      ...docs.matchAll(/<!-- api-example: (\S+) -->\s*```(?:js|ts)\n([\s\S]*?)```/g),
    ].map(([, name, code]) => ({ name: name!, code: code! }));
    expect(examples.map((e) => e.name)).toEqual(['plan-apply.mjs', 'types.ts']);
    for (const { name, code } of examples) writeFileSync(join(app, name), code);

    const run = spawnSync(process.execPath, ['plan-apply.mjs'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual([
      expect.stringMatching(/changes: 1\b/),
      'assign ana User',
      'applied',
      'in sync: true',
      'true',
      'access/users.yaml:4 FR203',
      '',
    ]);

    // The TypeScript example type-checks against the package's own .d.ts (strict, node16,
    // with @types/node as a Node project has it).
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['types.ts'],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
      { cwd: app, encoding: 'utf8' },
    );
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    // And a wrong use is a type error: the types are real, not `any`.
    writeFileSync(
      join(app, 'wrong.ts'),
      "import { plan } from 'ftrack-roles';\nvoid plan({ connection: 3 });\n",
    );
    writeFileSync(
      join(app, 'tsconfig.wrong.json'),
      JSON.stringify({ extends: './tsconfig.json', files: ['wrong.ts'] }),
    );
    const wrong = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.wrong.json'],
      { cwd: app, encoding: 'utf8' },
    );
    expect(wrong.stdout).toContain('wrong.ts(2,');
    expect(wrong.status).not.toBe(0);
  }, 180_000);
});
