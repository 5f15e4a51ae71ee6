// Keeps `prepare` out of the packed package.json, so that installing the package runs
// no script (npm counts a `prepare` of a package from git, a file or a URL as an install
// script), while the repository keeps it for installs from git.
//
//   node scripts/pack-manifest.mjs strip    (in prepack: npm packs package.json after it)
//   node scripts/pack-manifest.mjs restore  (in postpack)
//
// strip keeps the exact text of package.json in .package.json.prepack (gitignored) and
// writes package.json without scripts.prepare; a backup left by an interrupted pack is
// restored first. restore moves the backup back, and does nothing without one.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const manifest = join(root, 'package.json');
const backup = join(root, '.package.json.prepack');

function restore() {
  if (existsSync(backup)) renameSync(backup, manifest);
}

/** Writes a file whole or not at all (a reader never sees half of package.json). */
function writeAtomic(path, text) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function strip() {
  restore();
  const text = readFileSync(manifest, 'utf8');
  writeAtomic(backup, text);
  const pkg = JSON.parse(text);
  delete pkg.scripts?.prepare;
  writeAtomic(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
}

const commands = { strip, restore };
const command = Object.hasOwn(commands, process.argv[2] ?? '') ? commands[process.argv[2]] : null;
if (!command) {
  process.stderr.write('usage: node scripts/pack-manifest.mjs strip|restore\n');
  process.exit(2);
}
command();
