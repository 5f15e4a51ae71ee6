import { execFile } from 'node:child_process';
import { dirname, isAbsolute, join } from 'node:path';
import type { ReviewGit, ReviewLineCommit } from '../report/access-review-types.js';

/**
 * Where the config files are in git, for the access review: the commit that last changed
 * each line, read from `git` itself (node:child_process, no git library): one
 * `git blame --porcelain FILE` per file, whose lines are then looked up. Without git (not
 * installed, not a repository, a file outside it), the review says `git: null` and why.
 */

export interface GitLines {
  git: ReviewGit | null;
  /** Why `git` is null; null when git answered. */
  reason: string | null;
  /** The last commit of a line (1-based); null when unknown. */
  line: (file: string, line: number) => ReviewLineCommit | null;
}

const UNCOMMITTED = /^0{40}$/;

interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

function git(args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      // The process's environment (PATH) as is; a large file's blame fits in 256 MiB.
      { cwd, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ ok: error === null, stdout, stderr }),
    );
  });
}

const HEADER = /^([0-9a-f]{40}) \d+ (\d+)/;

interface CommitInfo {
  author: string;
  time: number;
  summary: string;
  /** What each line of this commit says, made once (a file's lines share a few commits). */
  line?: ReviewLineCommit;
}

function lineCommit(sha: string, info: CommitInfo): ReviewLineCommit {
  const committed = !UNCOMMITTED.test(sha);
  return {
    committed,
    commit: committed ? sha : null,
    author: committed ? info.author : null,
    date: committed ? new Date(info.time * 1000).toISOString() : null,
    summary: committed ? info.summary : null,
  };
}

/**
 * The porcelain output of `git blame` → line number → its commit. Each line group starts
 * with `<sha> <orig> <final> [<count>]`, then the commit's fields (the first time the
 * commit appears), then the line's content after a tab. Read in one pass without splitting
 * the text; the lines of one commit share one value.
 */
export function parseBlamePorcelain(text: string): Map<number, ReviewLineCommit> {
  const commits = new Map<string, CommitInfo>();
  const lines = new Map<number, ReviewLineCommit>();
  let sha = '';
  let info: CommitInfo | undefined; // set from a header to its content line
  let final = 0;
  const close = (): void => {
    if (info === undefined) return;
    lines.set(final, (info.line ??= lineCommit(sha, info)));
    info = undefined;
  };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (text.charCodeAt(start) === 9) {
      // The content line (a tab first) ends the group's header.
      close();
    } else if (info === undefined) {
      const header = HEADER.exec(text.slice(start, end));
      if (header !== null) {
        sha = header[1]!;
        final = Number(header[2]);
        info = commits.get(sha);
        if (info === undefined) commits.set(sha, (info = { author: '', time: 0, summary: '' }));
      }
    } else if (text.startsWith('author ', start)) {
      info.author = text.slice(start + 7, end);
      info.line = undefined;
    } else if (text.startsWith('author-time ', start)) {
      info.time = Number(text.slice(start + 12, end));
      info.line = undefined;
    } else if (text.startsWith('summary ', start)) {
      info.summary = text.slice(start + 8, end);
      info.line = undefined;
    }
    start = end + 1;
  }
  close();
  return lines;
}

/** `git blame` processes at once: enough to keep the cores busy, few for a large config. */
const BLAME_CONCURRENCY = 4;

/** Runs `task` on every item, at most `limit` at once. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Blames every file once (a few at a time); `files` are relative to `cwd`. */
export async function blameFiles(files: readonly string[], cwd: string): Promise<GitLines> {
  const none = (reason: string): GitLines => ({ git: null, reason, line: () => null });
  const top = await git(['rev-parse', '--show-toplevel', 'HEAD'], cwd);
  if (!top.ok) {
    const why = /not a git repository/i.test(top.stderr)
      ? 'the config files are not in a git repository'
      : top.stderr.includes('ENOENT') || top.stderr === ''
        ? 'git is not installed or the repository has no commit'
        : `git failed: ${top.stderr.trim().split('\n')[0] ?? ''}`;
    return none(why);
  }
  const head = top.stdout.trim().split('\n')[1] ?? '';
  const byFile = new Map<string, Map<number, ReviewLineCommit>>();
  const unblamed: string[] = [];
  await eachLimited([...new Set(files)], BLAME_CONCURRENCY, async (file) => {
    const abs = isAbsolute(file) ? file : join(cwd, file);
    const result = await git(['blame', '--porcelain', '--', abs], dirname(abs));
    if (result.ok) byFile.set(file, parseBlamePorcelain(result.stdout));
    else unblamed.push(file);
  });
  return {
    git: { head, files_not_in_git: unblamed.sort() },
    reason: null,
    line: (file, line) => byFile.get(file)?.get(line) ?? null,
  };
}
