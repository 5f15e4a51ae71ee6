import { createHash } from 'node:crypto';
import { compareStrings } from '../model/index.js';

/**
 * The config digest: `sha256:<hex>` over every file's relative path and exact bytes,
 * sorted by path. Each part is length-prefixed so no two configs share a digest input.
 */
export function computeConfigDigest(files: readonly { path: string; bytes: Uint8Array }[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => compareStrings(a.path, b.path))) {
    const path = Buffer.from(file.path, 'utf8');
    hash.update(`${path.length}:`).update(path).update(`${file.bytes.length}:`).update(file.bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}
