import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function readVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** The package version, read from package.json (one level above src/ and dist/). */
export const VERSION = readVersion();

/** Where the README of the installed package is (it ships with it, beside dist/). */
export const README_PATH = fileURLToPath(new URL('../../README.md', import.meta.url));
