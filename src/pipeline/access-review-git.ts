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

/** The porcelain output of `git blame` → line number → its commit. */
export function parseBlamePorcelain(text: string): Map<number, ReviewLineCommit> {
  const commits = new Map<string, { author: string; time: number; summary: string }>();
  const lines = new Map<number, ReviewLineCommit>();
  const rows = text.split('\n');
  let i = 0;
  while (i < rows.length) {
    const header = /^([0-9a-f]{40}) \d+ (\d+)/.exec(rows[i] ?? '');
    i++;
    if (header === null) continue;
    const sha = header[1]!;
    const final = Number(header[2]);
    const info = commits.get(sha) ?? { author: '', time: 0, summary: '' };
    // Header fields up to the content line, which starts with a tab.
    while (i < rows.length && !rows[i]!.startsWith('\t')) {
      const row = rows[i]!;
      if (row.startsWith('author ')) info.author = row.slice(7);
      else if (row.startsWith('author-time ')) info.time = Number(row.slice(12));
      else if (row.startsWith('summary ')) info.summary = row.slice(8);
      i++;
    }
    i++;
    commits.set(sha, info);
    const committed = !UNCOMMITTED.test(sha);
    lines.set(final, {
      committed,
      commit: committed ? sha : null,
      author: committed ? info.author : null,
      date: committed ? new Date(info.time * 1000).toISOString() : null,
      summary: committed ? info.summary : null,
    });
  }
  return lines;
}

/** Blames every file once (in parallel); `files` are relative to `cwd`. */
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
  await Promise.all(
    [...new Set(files)].map(async (file) => {
      const abs = isAbsolute(file) ? file : join(cwd, file);
      const result = await git(['blame', '--porcelain', '--', abs], dirname(abs));
      if (result.ok) byFile.set(file, parseBlamePorcelain(result.stdout));
      else unblamed.push(file);
    }),
  );
  return {
    git: { head, files_not_in_git: unblamed.sort() },
    reason: null,
    line: (file, line) => byFile.get(file)?.get(line) ?? null,
  };
}
