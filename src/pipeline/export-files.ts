import { existsSync, readdirSync } from 'node:fs';
import { mkdir, open, readdir, rmdir, unlink } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../diagnostics/index.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { listed } from '../model/index.js';
import { EXPORT_HEADER } from '../render/index.js';
import type { ExportedFile, WrittenExport } from '../report/index.js';

/**
 * Writes the files of an export under `dir` (each atomically), refusing without `force`
 * to overwrite a file or to replace an earlier export. An earlier export's files that this
 * one does not write (another `--split`, letters that have no users any more) would make
 * `plan` see users twice: they are removed, but only files that start with the export
 * header, in the places an export writes (`settings.yaml`, `roles.yaml`, `users.yaml`,
 * `users/*.yaml`); files without the header are never removed.
 */
export async function writeExportFiles(
  cwd: string,
  dir: string,
  files: readonly ExportedFile[],
  options: { force: boolean; partial: boolean },
): Promise<WrittenExport> {
  const root = isAbsolute(dir) ? dir : join(cwd, dir);
  const targets = new Set(files.map((f) => f.path));
  const existing = files.filter((f) => existsSync(join(root, f.path))).map((f) => f.path);
  const earlier = await findEarlierExport(root);
  const stale = earlier.filter((path) => !targets.has(path));
  if (!options.force && existing.length + stale.length > 0) {
    const shown = [...existing, ...stale].map((path) => join(dir, path));
    const many = shown.length === 1 ? 'exists' : 'exist';
    throw new UsageError(`${listed(shown)} already ${many}; use --force to overwrite.`);
  }
  const ours = new Set(earlier);
  const overwrittenOwn = existing.filter((path) => !ours.has(path));
  await mkdir(root, { recursive: true });
  for (const file of files) await writeFileAtomic(join(root, file.path), file.text);
  // Written first, removed after: an interruption leaves too much, never too little.
  const removed = options.partial ? [] : stale;
  for (const path of removed) await unlink(join(root, path));
  if (removed.length > 0) await rmdir(join(root, 'users')).catch(() => undefined);
  const written = new Set([...targets, ...(options.partial ? stale : [])]);
  const others = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => name.split('\\').join('/'))
    .filter((name) => /\.ya?ml$/i.test(name) && !written.has(name) && isRead(name))
    .sort();
  return { removed, kept: options.partial ? stale : [], overwrittenOwn, others };
}

/** Enough of a file for its first two lines, the schema line and the export header. */
const HEAD_BYTES = 1024;

/** Whether `plan DIR` reads a file: hidden entries and node_modules are skipped. */
function isRead(path: string): boolean {
  return path.split('/').every((part) => !part.startsWith('.') && part !== 'node_modules');
}

/** The files of an earlier export in the places an export writes, sorted. */
async function findEarlierExport(root: string): Promise<string[]> {
  const candidates = ['settings.yaml', 'roles.yaml', 'users.yaml'];
  const inUsers = await readdir(join(root, 'users'), { withFileTypes: true }).catch(() => []);
  for (const entry of inUsers) {
    if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) candidates.push(`users/${entry.name}`);
  }
  const found: string[] = [];
  for (const path of candidates) if (await startsWithHeader(join(root, path))) found.push(path);
  return found.sort();
}

/**
 * Whether a file starts with the export header: on its first line (an export of an earlier
 * version), or on its second after a `# yaml-language-server:` schema line.
 */
async function startsWithHeader(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const [first = '', second = ''] = buffer.subarray(0, bytesRead).toString('utf8').split('\n');
    if (first.startsWith(EXPORT_HEADER)) return true;
    return first.startsWith('# yaml-language-server:') && second.startsWith(EXPORT_HEADER);
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}
