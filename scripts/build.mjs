// The build (`npm run build`, and `prepare`): dist/ from src/ with the TypeScript of
// node_modules, after removing the old dist/ so that a module renamed or deleted in src/
// does not linger in the package.
//
// npm runs `prepare` after `npm ci` and `npm install` in a clone, and when it installs
// this package from git (it installs the dev dependencies in its clone first). It never
// installs anything itself: without node_modules it fails and says so.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

if (!existsSync(tsc)) {
  process.stderr.write(
    `ftrack-roles build: TypeScript is not installed (${tsc} is missing).\n` +
      'Run `npm ci` in the repository first; it installs the dev dependencies and builds.\n',
  );
  process.exit(1);
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(build.status ?? 1);
