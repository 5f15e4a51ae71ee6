import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Emulator, EmulatorSeed } from '../../../src/emulator/index.js';

/** Runs a program without blocking the event loop (the emulator and fake GitHub answer). */
export async function exec(file: string, args: string[], cwd: string, env = process.env) {
  const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${code}\n${out}`);
  return out;
}

/**
 * The package as a release tarball, built from this working tree into `work` (never the
 * repository's own dist/, which another test file packs at the same time).
 */
export async function buildTarball(root: string, work: string): Promise<string> {
  const pkg = join(work, 'package');
  mkdirSync(pkg, { recursive: true });
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'schema', 'docs', 'examples']) {
    cpSync(join(root, entry), join(pkg, entry), { recursive: true });
  }
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  await exec(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--outDir', join(pkg, 'dist')],
    root,
  );
  const out = await exec(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
    pkg,
  );
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as [{ filename: string }];
  return join(work, info.filename);
}

/**
 * The machine of a CI job: npm installs globally into `prefix` (from its cache where it
 * can), and `stubs` comes first on PATH (gh, curl stand-ins).
 */
export function machineEnv(prefix: string, stubs: string): Record<string, string> {
  return {
    PATH: `${stubs}:${join(prefix, 'bin')}:${process.env['PATH'] ?? ''}`,
    HOME: process.env['HOME'] ?? '/root',
    npm_config_prefix: prefix,
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_loglevel: 'error',
    NO_COLOR: '1',
  };
}

/** A stand-in program on PATH: a bash script. */
export function stub(dir: string, name: string, script: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), `#!/usr/bin/env bash\nset -euo pipefail\n${script}\n`);
  chmodSync(join(dir, name), 0o755);
}

export interface Comment {
  id: number;
  body: string;
}

/**
 * GitHub's REST API as far as the action uses it: a pull request's comments (list, create,
 * update) and the pull requests of a commit. A read-only token (a fork's) may not write.
 */
export class FakeGithub {
  readonly comments = new Map<number, Comment[]>();
  readonly pulls = new Map<string, { number: number; merge_commit_sha: string }[]>();
  readonly writes: string[] = [];
  readOnlyTokens = new Set<string>();
  #server?: Server;
  #next = 1;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const answer = (status: number, value: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
        const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
        const pulls = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/.exec(path);
        if (req.method !== 'GET' && this.readOnlyTokens.has(token)) {
          return answer(403, { message: 'Resource not accessible by integration' });
        }
        if (list && req.method === 'GET') {
          const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? 1);
          return answer(200, page === 1 ? (this.comments.get(Number(list[1])) ?? []) : []);
        }
        if (list && req.method === 'POST') {
          const comment = { id: this.#next++, body: (JSON.parse(body) as Comment).body };
          this.comments.set(Number(list[1]), [
            ...(this.comments.get(Number(list[1])) ?? []),
            comment,
          ]);
          this.writes.push(`POST ${path}`);
          return answer(201, comment);
        }
        if (one && req.method === 'PATCH') {
          for (const comments of this.comments.values()) {
            const found = comments.find((c) => c.id === Number(one[1]));
            if (found) found.body = (JSON.parse(body) as Comment).body;
          }
          this.writes.push(`PATCH ${path}`);
          return answer(200, {});
        }
        if (pulls && req.method === 'GET') return answer(200, this.pulls.get(pulls[1]!) ?? []);
        return answer(404, { message: 'Not Found' });
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.#server ? this.#server.close(() => resolve()) : resolve(),
    );
  }
}

/** The example studio's seed, with a read-only API user (svc-read, read-key) beside svc-access. */
export function studioSeed(root: string): EmulatorSeed {
  const seed = parse(readFileSync(join(root, 'examples/studio/seed.yaml'), 'utf8')) as EmulatorSeed;
  seed.users = [...(seed.users ?? []), { username: 'svc-read', api_key: 'read-key' }];
  return seed;
}

/** Gives a user a role behind the files' back (in-process, as a person in the web UI would). */
export async function giveRole(emu: Emulator, username: string, role: string): Promise<void> {
  const [users, roles] = (await emu.call([
    { action: 'query', expression: `select id from User where username is "${username}"` },
    { action: 'query', expression: `select id from SecurityRole where name is "${role}"` },
  ])) as { data: { id: string }[] }[];
  await emu.call([
    { action: 'add_user_security_role', user_id: users!.data[0]!.id, role_id: roles!.data[0]!.id },
  ]);
}

/** How many write calls the emulator received over HTTP. */
export const writesTo = (emu: Emulator): number =>
  emu.requests().filter((ops) => (ops as { action: string }[]).some((op) => op.action !== 'query'))
    .length;

/** Every file under a directory (recursively): relative path → text. */
export function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    if (statSync(path).isFile()) files.set(entry, readFileSync(path, 'utf8'));
  }
  return files;
}
