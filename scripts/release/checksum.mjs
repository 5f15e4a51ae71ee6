// The release workflow's checksum step (.github/workflows/release.yml, docs/releasing.md).
//
// Usage: node scripts/release/checksum.mjs FILE
// Writes FILE.sha256 beside FILE in the format of `sha256sum`: "<hex>  <name>\n", the name
// without its directory, so that `sha256sum -c FILE.sha256` (or `shasum -a 256 -c`) checks a
// downloaded FILE in the folder it was downloaded to. Prints that line. Exit 0 when written,
// 1 when FILE cannot be read, 2 on a usage error.
import { createHash } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';

async function main(argv) {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    process.stderr.write('usage: node scripts/release/checksum.mjs FILE\n');
    return 2;
  }
  const [file] = argv;
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(file), hash);
  } catch (error) {
    process.stderr.write(
      `checksum failed: cannot read ${file} (${error.code ?? error.message}).\n`,
    );
    return 1;
  }
  const line = `${hash.digest('hex')}  ${basename(file)}\n`;
  writeFileSync(`${file}.sha256`, line);
  process.stdout.write(line);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
