import { createHash, type Hash } from 'node:crypto';
import { InternalError } from '../diagnostics/index.js';
import { compareStrings } from '../model/index.js';

/**
 * The config digest: `sha256:<hex>` over every file's relative path and exact bytes,
 * sorted by path. Each part is length-prefixed so no two configs share a digest input.
 * Taken file by file (in path order), so that no file has to stay in memory for it.
 */
export class ConfigDigest {
  readonly #hash: Hash = createHash('sha256');
  #last: string | undefined;

  add(file: { path: string; bytes: Uint8Array }): void {
    if (this.#last !== undefined && compareStrings(this.#last, file.path) >= 0) {
      throw new InternalError(`config digest: ${file.path} came after ${this.#last}`);
    }
    this.#last = file.path;
    const path = Buffer.from(file.path, 'utf8');
    this.#hash
      .update(`${path.length}:`)
      .update(path)
      .update(`${file.bytes.length}:`)
      .update(file.bytes);
  }

  digest(): string {
    return `sha256:${this.#hash.digest('hex')}`;
  }
}

/** The config digest of files given in any order. */
export function computeConfigDigest(files: readonly { path: string; bytes: Uint8Array }[]): string {
  const digest = new ConfigDigest();
  for (const file of [...files].sort((a, b) => compareStrings(a.path, b.path))) digest.add(file);
  return digest.digest();
}
