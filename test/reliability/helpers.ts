import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { fakeIo } from '../e2e/fake-io.js';

export const ROOT = join(import.meta.dirname, '../..');
/** A frozen copy of the example studio (examples/studio moves as features land). */
export const SEED_FILE = join(ROOT, 'test/fixtures/reliability/studio/seed.yaml');
export const ACCESS_DIR = join(ROOT, 'test/fixtures/reliability/studio/access');
/** The example studio's API key of svc-access (examples/studio/seed.yaml). */
export const KEY = 'local-demo-key';

export const WRITE_ACTIONS: readonly string[] = [
  'add_user_security_role',
  'remove_user_security_role',
  'update_user_security_role',
  'grant_user_security_role_project',
  'revoke_user_security_role_project',
  'create',
  'update',
  'delete',
];

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with a fake io (no TTY, fixed clock). */
export async function runIn(
  cwd: string,
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
  io: Partial<CliIo> = {},
): Promise<RunResult> {
  const cli = fakeIo(cwd, env);
  const code = await runCli(argv, { ...cli.io, ...io });
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** The connection environment of svc-access against an emulator. */
export function studioEnv(emu: Emulator, key = KEY): Record<string, string> {
  return { FTRACK_SERVER: emu.url, FTRACK_API_USER: 'svc-access', FTRACK_API_KEY: key };
}

export interface Studio {
  emu: Emulator;
  /** A temp directory holding a copy of the example access files in `access/`. */
  dir: string;
  run(
    argv: readonly string[],
    options?: { env?: Record<string, string | undefined>; io?: Partial<CliIo> },
  ): Promise<RunResult>;
  /** Every stdout and stderr so far. */
  outputs: string[];
}

/** A studio: the emulator's seed and the access files that go with it. */
export interface StudioFiles {
  seedFile: string;
  accessDir: string;
}

/** The example studio as it is in examples/ (it moves as features land). */
export const EXAMPLE_STUDIO: StudioFiles = {
  seedFile: join(ROOT, 'examples/studio/seed.yaml'),
  accessDir: join(ROOT, 'examples/studio/access'),
};

/**
 * A fresh emulator seeded with a studio (by default the frozen copy of the example studio)
 * and a temp copy of its access files in `access/`.
 */
export async function startStudio(
  stopList: Emulator[],
  files: StudioFiles = { seedFile: SEED_FILE, accessDir: ACCESS_DIR },
): Promise<Studio> {
  const emu = await startEmulator({ seedFile: files.seedFile });
  stopList.push(emu);
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-studio-'));
  cpSync(files.accessDir, join(dir, 'access'), { recursive: true });
  const outputs: string[] = [];
  return {
    emu,
    dir,
    outputs,
    async run(argv, options = {}) {
      const result = await runIn(
        dir,
        argv,
        { ...studioEnv(emu), ...options.env },
        options.io ?? {},
      );
      outputs.push(result.stdout, result.stderr);
      return result;
    },
  };
}

function isWriteOperation(op: unknown): boolean {
  return WRITE_ACTIONS.includes((op as { action?: string }).action ?? '');
}

/** The HTTP requests received that hold a write action. */
export function writeRequests(emu: Emulator): unknown[][] {
  return emu.requests().filter((ops) => ops.some(isWriteOperation));
}

export function auditLines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function auditOutcomes(dir: string): unknown[] {
  return auditLines(join(dir, '.ftrack-roles/audit.jsonl')).map((line) => line['outcome']);
}

/** The id of the first row of `type` matching `where`, read in-process. */
export async function idOf(emu: Emulator, type: string, where: string): Promise<string> {
  const [result] = (await emu.call([
    { action: 'query', expression: `select id from ${type} where ${where}` },
  ])) as { data: { id: string }[] }[];
  const id = result?.data[0]?.id;
  if (id === undefined) throw new Error(`no ${type} where ${where}`);
  return id;
}

export interface ParsedDiagnostic {
  severity: string;
  code: string;
  file: string | null;
  line: number | null;
  col: number | null;
}

const DIAGNOSTIC_LINE = /^(?:(.+?):(\d+):(\d+): )?(error|warning|info) (FR\d{3}): /;

/** The diagnostics of the text renderer (`file:line:col: error FR201: ...`), in order. */
export function parseDiagnostics(text: string): ParsedDiagnostic[] {
  const found: ParsedDiagnostic[] = [];
  for (const line of text.split('\n')) {
    const match = DIAGNOSTIC_LINE.exec(line);
    if (match === null) continue;
    found.push({
      severity: match[4]!,
      code: match[5]!,
      file: match[1] ?? null,
      line: match[2] === undefined ? null : Number(match[2]),
      col: match[3] === undefined ? null : Number(match[3]),
    });
  }
  return found;
}
