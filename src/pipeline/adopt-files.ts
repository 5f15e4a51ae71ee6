import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { editConfigText, type AdoptEditRequest } from '../config/adopt-edit.js';
import {
  ConfigDigest,
  findConfigFiles,
  readConfigFile,
  type ConfigFileText,
} from '../config/index.js';
import { UsageError } from '../diagnostics/index.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { AdoptProposal, AdoptTarget } from '../report/adopt.js';
import { untilSkip, yamlSkip } from '../report/adopt-skips.js';
import type { AdoptChange, AdoptFile, AdoptSkip } from '../report/adopt-types.js';

/** The file I/O of `adopt`: the config read again, edited in memory, diffed, written. */

/** A config file as read for adopt: its path, bytes and text (without a BOM). */
export type AdoptSourceFile = ConfigFileText;

/** `--add-undeclared FILE`: a config file, or a new one inside a config directory. */
export interface AddTarget {
  /** Relative to the working directory, with `/` separators. */
  path: string;
  exists: boolean;
}

const CONFIG_FILE = /\.ya?ml$/i;

function shownPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' || isAbsolute(rel) ? abs : rel).split(sep).join('/');
}

/**
 * Checks `--add-undeclared FILE` before anything is read from the server: an existing
 * file must be one of the config's; a new file must end in `.yaml`/`.yml` and lie inside
 * a config directory given (not under a hidden folder or node_modules), where the next
 * `plan` reads it.
 */
export async function checkAddTarget(
  paths: readonly string[],
  cwd: string,
  file: string,
): Promise<AddTarget> {
  const abs = resolve(cwd, file);
  const path = shownPath(cwd, abs);
  const found = await findConfigFiles(paths, { cwd });
  if (found.entries.some((entry) => entry.abs === abs)) return { path, exists: true };
  const where = paths.length === 0 ? 'access' : paths.join(', ');
  const hint = `name one of its files, or a new *.yaml file inside one of its directories (${where})`;
  if ((await stat(abs).catch(() => undefined)) !== undefined) {
    throw new UsageError(`--add-undeclared ${file}: not a file of the config; ${hint}.`);
  }
  if (!CONFIG_FILE.test(abs)) {
    throw new UsageError(`--add-undeclared ${file}: a config file ends in .yaml or .yml; ${hint}.`);
  }
  for (const given of paths.length === 0 ? ['access'] : paths) {
    const dir = resolve(cwd, given);
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) continue;
    const inside = relative(dir, abs).split(sep);
    const hidden = inside.some((part) => part.startsWith('.') || part === 'node_modules');
    if (!inside[0]?.startsWith('..') && !isAbsolute(relative(dir, abs)) && !hidden) {
      return { path, exists: false };
    }
  }
  throw new UsageError(
    `--add-undeclared ${file}: outside the config, so the next plan would not read it; ${hint}.`,
  );
}

/** Reads the config again; it must be the config the drift was found with. */
export async function readConfigAgain(
  paths: readonly string[],
  options: { cwd: string; maxFileBytes?: number },
  configDigest: string,
): Promise<AdoptSourceFile[]> {
  const found = await findConfigFiles(paths, options);
  const files: AdoptSourceFile[] = [];
  const digest = new ConfigDigest();
  for (const entry of found.entries) {
    const read = await readConfigFile(entry, options);
    if ('diagnostic' in read) throw changedMeanwhile();
    digest.add(read.file);
    files.push(read.file);
  }
  if (digest.digest() !== configDigest) throw changedMeanwhile();
  return files;
}

function changedMeanwhile(): UsageError {
  return new UsageError(
    'The config files changed while adopt ran; nothing was written. Run adopt again.',
  );
}

/** The edited texts, what changed, and what the editor refused. */
export interface EditedFiles {
  texts: Map<string, string>;
  changes: AdoptChange[];
  skipped: AdoptSkip[];
}

/** Applies a proposal to the files' texts (in memory). */
export function editFiles(
  files: readonly AdoptSourceFile[],
  proposal: AdoptProposal,
  target: AddTarget | undefined,
): EditedFiles {
  const out: EditedFiles = { texts: new Map(), changes: [], skipped: [] };
  const requests = new Map<
    string,
    AdoptEditRequest & { users: AdoptEditRequest['users'][number][] }
  >();
  const request = (path: string) => {
    let r = requests.get(path);
    if (r === undefined) requests.set(path, (r = { users: [] }));
    return r;
  };
  const targets = new Map<string, AdoptTarget & { file: string; new_user?: true }>();
  for (const entry of proposal.entries) {
    request(entry.file).users.push({ user: entry.user, roles: entry.roles });
    for (const t of entry.roles)
      targets.set(`${entry.user}\0${t.role}`, { ...t, file: entry.file });
  }
  if (target !== undefined && proposal.newUsers.length > 0) {
    request(target.path).add = proposal.newUsers.map((u) => ({
      user: u.user,
      roles: u.roles.map((r) => ({ role: r.role, scope: r.scope! })),
    }));
    for (const u of proposal.newUsers) {
      for (const t of u.roles) {
        targets.set(`${u.user}\0${t.role}`, { ...t, file: target.path, new_user: true });
      }
    }
  }
  const texts = new Map(files.map((f) => [f.path, f.text]));
  for (const [path, req] of requests) {
    const result = editConfigText(texts.get(path) ?? '', path, req);
    for (const r of result.refused) {
      out.skipped.push(
        r.reason === 'until'
          ? untilSkip(r.user, r.role!, [])
          : yamlSkip(r.user, r.role, r.detail, path),
      );
    }
    if (result.changed.length === 0) continue;
    out.texts.set(path, result.text);
    for (const { user, role } of result.changed) {
      const t = targets.get(`${user}\0${role}`)!;
      out.changes.push({
        user,
        role,
        file: t.file,
        server: t.server,
        entry: t.scope,
        ...(t.new_user === true ? { new_user: true as const } : {}),
      });
    }
  }
  return out;
}

/** The unified diff of each file changed (git's `a/` and `b/` prefixes), sorted by path. */
export function filePatches(
  files: readonly AdoptSourceFile[],
  texts: ReadonlyMap<string, string>,
): AdoptFile[] {
  const before = new Map(files.map((f) => [f.path, f.text]));
  return [...texts]
    .map(([path, text]) => {
      const old = before.get(path);
      const patch = createTwoFilesPatch(
        old === undefined ? '/dev/null' : `a/${path}`,
        `b/${path}`,
        old ?? '',
        text,
        undefined,
        undefined,
        { headerOptions: FILE_HEADERS_ONLY, context: 3 },
      );
      return { path, created: old === undefined, patch };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Writes the edited files, each atomically, keeping a file's byte order mark and mode. A
 * file changed on disk since it was read (or a new file that now exists) stops the
 * writing before anything is written.
 */
export async function writeEditedFiles(
  cwd: string,
  files: readonly AdoptSourceFile[],
  texts: ReadonlyMap<string, string>,
): Promise<void> {
  const before = new Map(files.map((f) => [f.path, f]));
  const plans: { abs: string; text: string; mode?: number }[] = [];
  for (const [path, text] of texts) {
    const abs = resolve(cwd, path);
    const old = before.get(path);
    const onDisk = await readFile(abs).catch(() => undefined);
    if (old === undefined ? onDisk !== undefined : !onDisk?.equals(old.bytes)) {
      throw changedMeanwhile();
    }
    if (old === undefined) {
      plans.push({ abs, text });
      continue;
    }
    const bom = BOM.every((byte, i) => old.bytes[i] === byte) ? '\ufeff' : '';
    plans.push({ abs, text: bom + text, mode: (await stat(abs)).mode & 0o7777 });
  }
  for (const p of plans) {
    await writeFileAtomic(p.abs, p.text, p.mode === undefined ? {} : { mode: p.mode });
  }
}
