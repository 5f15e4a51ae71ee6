// The release workflow's first check (.github/workflows/release.yml, docs/releasing.md):
// a pushed tag vX.Y.Z may publish only when package.json has version X.Y.Z, when
// CHANGELOG.md has a non-empty section `## [X.Y.Z] - YYYY-MM-DD`, and (with --repository)
// when package.json's repository.url names the repository the workflow runs in, which npm
// requires of a package published with provenance.
//
// Usage: node scripts/release/check-version.mjs TAG [--repository OWNER/NAME]
//                                                   [--notes-file FILE]
// Run it in the repository root. The section's text (the release notes) goes to FILE, or to
// stdout without --notes-file. Exit 0 when every check holds; 1 with what is wrong and how to
// fix it on stderr; 2 on a usage error.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const USAGE =
  'usage: node scripts/release/check-version.mjs TAG [--repository OWNER/NAME] [--notes-file FILE]';

class CheckFailed extends Error {
  constructor(problem, fix) {
    super(problem);
    this.fix = fix;
  }
}

function parseArguments(argv) {
  const options = { tag: undefined, repository: undefined, notesFile: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--repository' || arg === '--notes-file') {
      const value = argv[(i += 1)];
      if (!value) return undefined;
      options[arg === '--repository' ? 'repository' : 'notesFile'] = value;
    } else if (arg.startsWith('-') || options.tag !== undefined) {
      return undefined;
    } else {
      options.tag = arg;
    }
  }
  return options.tag === undefined ? undefined : options;
}

/** How to move a tag that nothing was published from to the fixed commit. */
const retag = (tag) =>
  `then move the tag to that commit: git tag -d ${tag} && git push origin :refs/tags/${tag} ` +
  `&& git tag ${tag} && git push origin ${tag}`;

/** The version a release tag names: `v1.2.3` gives `1.2.3`. */
function tagVersion(tag) {
  const found = /^v(\d+\.\d+\.\d+)$/.exec(tag);
  if (found) return found[1];
  throw new CheckFailed(
    `tag ${tag} is not a release tag vX.Y.Z (pre-releases and other tags are not published).`,
    `delete it (git tag -d ${tag} && git push origin :refs/tags/${tag}) and tag the release ` +
      'commit vX.Y.Z, where X.Y.Z is the version in its package.json.',
  );
}

function checkPackageVersion(tag, version, manifest) {
  if (manifest.version === version) return;
  throw new CheckFailed(
    `tag ${tag} is version ${version}, but package.json has version ${manifest.version}.`,
    `if ${version} is the release, run \`npm version ${version} --no-git-tag-version\`, commit, ` +
      `${retag(tag)}; if the tag is a typo, delete it (git tag -d ${tag} && git push origin ` +
      `:refs/tags/${tag}) and tag v${manifest.version}.`,
  );
}

/** `git+https://github.com/Owner/Name.git`, `github:Owner/Name`, … → `owner/name`. */
function githubRepository(repository) {
  const url = typeof repository === 'string' ? repository : repository?.url;
  if (typeof url !== 'string') return undefined;
  const found =
    /^(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com\/([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(
      url,
    ) ?? /^(?:git@github\.com:|github:)?([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(url);
  return found?.[1]?.toLowerCase();
}

function checkRepository(tag, expected, manifest) {
  if (githubRepository(manifest.repository) === expected.toLowerCase()) return;
  const url = manifest.repository?.url ?? manifest.repository;
  throw new CheckFailed(
    `package.json's repository.url is ${url ? `"${url}"` : 'missing'}, but npm publishes with ` +
      `provenance only when it names the repository the workflow runs in, ${expected}.`,
    `set it in package.json: "repository": { "type": "git", "url": "git+https://github.com/${expected}.git" }, ` +
      `commit, ${retag(tag)}.`,
  );
}

/** The lines under `## [version]`, up to the next `## ` heading, without the links that close the file. */
function changelogSection(tag, changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const prefix = `## [${version}]`;
  const starts = lines.flatMap((line, i) =>
    line === prefix || line.startsWith(`${prefix} `) ? [i] : [],
  );
  const moveHint =
    `move the entries under "## [Unreleased]" in CHANGELOG.md to a new section ` +
    `"## [${version}] - YYYY-MM-DD" (today's date) below it, commit, ${retag(tag)}.`;
  if (starts.length === 0) {
    throw new CheckFailed(`CHANGELOG.md has no section "## [${version}]".`, moveHint);
  }
  const start = starts[0];
  if (starts.length > 1) {
    throw new CheckFailed(
      `CHANGELOG.md has ${starts.length} sections "## [${version}]" (lines ${starts.map((i) => i + 1).join(', ')}).`,
      `keep one (merge their entries), commit, ${retag(tag)}.`,
    );
  }
  if (!/^## \[[^\]]+\] - \d{4}-\d{2}-\d{2}$/.test(lines[start])) {
    throw new CheckFailed(
      `CHANGELOG.md line ${start + 1} reads "${lines[start]}": a release heading is "## [${version}] - YYYY-MM-DD".`,
      `write the release date after the version ("## [${version}] - YYYY-MM-DD"), commit, ${retag(tag)}.`,
    );
  }
  const next = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  const body = lines.slice(start + 1, next === -1 ? lines.length : next);
  const isClosing = (line) => line.trim() === '' || /^\[(?:unreleased|\d[^\]]*)\]:\s/i.test(line);
  while (body.length > 0 && isClosing(body[body.length - 1])) body.pop();
  while (body.length > 0 && body[0].trim() === '') body.shift();
  if (!body.some((line) => line.trim() !== '' && !line.startsWith('#'))) {
    throw new CheckFailed(
      `CHANGELOG.md's section "## [${version}]" (line ${start + 1}) has no entries.`,
      moveHint,
    );
  }
  return { heading: lines[start], notes: `${body.join('\n')}\n` };
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CheckFailed(
      `cannot read ${file} in ${process.cwd()} (${error.code ?? error.message}).`,
      'run this script in the repository root.',
    );
  }
}

function main(argv) {
  const options = parseArguments(argv);
  if (!options) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const version = tagVersion(options.tag);
    const manifest = JSON.parse(readText('package.json'));
    checkPackageVersion(options.tag, version, manifest);
    if (options.repository) checkRepository(options.tag, options.repository, manifest);
    const { heading, notes } = changelogSection(options.tag, readText('CHANGELOG.md'), version);
    if (options.notesFile) {
      mkdirSync(dirname(options.notesFile), { recursive: true });
      writeFileSync(options.notesFile, notes);
    } else {
      process.stdout.write(notes);
    }
    const where = options.notesFile ? `; release notes in ${options.notesFile}` : '';
    process.stderr.write(
      `${options.tag}: package.json ${version}, CHANGELOG.md "${heading}"${where}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof CheckFailed)) throw error;
    process.stderr.write(`release check failed: ${error.message}\nfix: ${error.fix}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
