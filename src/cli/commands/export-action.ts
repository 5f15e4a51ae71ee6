import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../../diagnostics/index.js';
import {
  EXPORT_FILES,
  collectExport,
  renderExportDocument,
  renderExportFiles,
  type ExportModel,
} from '../../export/index.js';
import { openSession } from '../../session/index.js';
import { connectionFromOptions, readCurrentState, sessionOptions } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { ExportCliOptions } from './export.js';

/** The action of `ftrack-roles export`, loaded only when the command runs. */
export async function runExportCommand(
  io: CliIo,
  options: ExportCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const settings = connectionFromOptions(options, io);
  const session = openSession(settings, sessionOptions(options));
  const current = await readCurrentState(io, session).finally(() => session.close());
  const model = collectExport(current, {
    ...(options.users === undefined ? {} : { users: options.users }),
    includeInactive: options.includeInactive === true,
  });
  if (options.out === undefined) io.stdout(renderExportDocument(model));
  else await writeExport(io.cwd, options.out, model, options.force === true);
  io.stderr(exportSummary(model, options.out));
  if (options.out !== undefined) io.stderr(otherFilesNote(io.cwd, options.out));
  setExit(EXIT.ok);
}

/** Writes the files of an export (each atomically); refuses to overwrite without force. */
async function writeExport(cwd: string, dir: string, model: ExportModel, force: boolean) {
  const root = isAbsolute(dir) ? dir : join(cwd, dir);
  const files = renderExportFiles(model);
  const existing = files
    .filter((f) => existsSync(join(root, f.path)))
    .map((f) => join(dir, f.path));
  if (existing.length > 0 && !force) {
    throw new UsageError(
      `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; use --force to overwrite.`,
    );
  }
  await mkdir(root, { recursive: true });
  for (const file of files) {
    const path = join(root, file.path);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, file.text, { encoding: 'utf8', mode: 0o644 });
    await rename(temporary, path);
  }
}

/** A note when DIR holds other config files, which `plan DIR` would read as well. */
function otherFilesNote(cwd: string, dir: string): string {
  const root = isAbsolute(dir) ? dir : join(cwd, dir);
  const ours = new Set<string>(EXPORT_FILES);
  const others = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.ya?ml$/.test(name) && !ours.has(name))
    .sort();
  if (others.length === 0) return '';
  return `Note: ${dir} also holds ${others.join(', ')}; plan reads every YAML file of the directory.\n`;
}

function exportSummary(model: ExportModel, out: string | undefined): string {
  const n = model.users.length;
  const where = out === undefined ? '' : ` to ${out}`;
  const lines = [
    `Exported ${n} user${n === 1 ? '' : 's'} and ${model.roles.length} roles${where}.`,
  ];
  if (model.skipped.length > 0) {
    lines.push(
      `Left out ${model.skipped.length} user${model.skipped.length === 1 ? '' : 's'} holding roles (not managed with manage: declared):`,
    );
    for (const s of model.skipped) lines.push(`  ${s.username}: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
