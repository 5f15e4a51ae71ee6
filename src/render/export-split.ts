import type { ExportedUser } from '../report/export-types.js';

/** The layouts of `export --split`. */
export const EXPORT_SPLITS = ['by-letter', 'none'] as const;
export type ExportSplit = (typeof EXPORT_SPLITS)[number];

/**
 * By first letter: at 50,000 users some 26 files of a few hundred KB, each user in the file
 * of their name's first letter, and a new export changes only the files of the letters
 * whose users changed.
 */
export const DEFAULT_EXPORT_SPLIT: ExportSplit = 'by-letter';

/**
 * At most this many users in one file of `by-letter` (about 0.9 MB); a letter with more is
 * cut, in username order, into `users/a-1.yaml`, `users/a-2.yaml`, …
 */
export const USERS_PER_FILE = 4_000;

/** The users of one file of an export, and what the file's comment says they are. */
export interface UserFile {
  /** Relative to the output directory. */
  path: string;
  /** Who is in the file, for its comment. */
  label: string;
  users: ExportedUser[];
}

/**
 * The user files of a layout (pure). `none`: one `users.yaml`. `by-letter`: `users/a.yaml`
 * … `users/z.yaml` by the lower-cased first character of the username, `users/0-9.yaml`
 * for a digit and `users/other.yaml` for anything else; only the files that have users.
 * `users` are sorted by username; each file keeps that order.
 */
export function splitUsers(users: readonly ExportedUser[], split: ExportSplit): UserFile[] {
  if (split === 'none') {
    return [{ path: 'users.yaml', label: 'Every user holding a role', users: [...users] }];
  }
  const buckets = new Map<string, ExportedUser[]>();
  for (const user of users) {
    const name = bucketOf(user.username);
    const bucket = buckets.get(name);
    if (bucket === undefined) buckets.set(name, [user]);
    else bucket.push(user);
  }
  const files: UserFile[] = [];
  for (const name of [...buckets.keys()].sort()) {
    const bucket = buckets.get(name)!;
    const label = LABELS[name] ?? `The users whose username starts with "${name}" (any case)`;
    if (bucket.length <= USERS_PER_FILE) {
      files.push({ path: `users/${name}.yaml`, label, users: bucket });
      continue;
    }
    const parts = Math.ceil(bucket.length / USERS_PER_FILE);
    for (let part = 0; part < parts; part++) {
      files.push({
        path: `users/${name}-${part + 1}.yaml`,
        label: `${label}, part ${part + 1} of ${parts} (in username order)`,
        users: bucket.slice(part * USERS_PER_FILE, (part + 1) * USERS_PER_FILE),
      });
    }
  }
  return files;
}

const LABELS: Record<string, string> = {
  '0-9': 'The users whose username starts with a digit',
  other: 'The users whose username starts with neither a letter a-z nor a digit',
};

function bucketOf(username: string): string {
  const first = username.charAt(0).toLowerCase();
  if (/^[a-z]$/.test(first)) return first;
  if (/^[0-9]$/.test(first)) return '0-9';
  return 'other';
}
