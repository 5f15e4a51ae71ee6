/**
 * The peer baseline of issue 25: the script a studio writes in an afternoon instead of
 * using ftrack-roles. Plain `fetch` and js-yaml, nothing of this project:
 *
 *   FTRACK_SERVER=… FTRACK_API_USER=… FTRACK_API_KEY=… node one-query-script.js CONFIG_DIR
 *
 * 1. Reads every role assignment with one nested query, page after page (2,000 rows asked
 *    for, following `metadata.next.offset` until it is null, so a server that answers
 *    fewer rows is followed at its own size).
 * 2. Reads the access files (`*.yaml` under CONFIG_DIR) with js-yaml.
 * 3. Prints one line per (user, role) that differs, as `plan` counts its changes: `+`
 *    assign, `-` remove, `~` modify; a declared user loses the roles the files do not
 *    give them, an undeclared user the roles of the catalogue; `ignore_users` globs are
 *    left alone. The last line is a JSON summary (`changes`, `assign`, `remove`, `modify`,
 *    `pages`, `rows`).
 *
 * Answers are normalised by default (protocol notes §3: an entity is encoded in full
 * once per answer, later as `{__entity_type__, id}`), so each page keeps an identity map.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load } from 'js-yaml';

const QUERY =
  'select is_all_open_projects, user.username, security_role.name, ' +
  'user_security_role_projects.project.name from UserSecurityRole order by id';
const PAGE_SIZE = 2000;

export interface Scope {
  allOpen: boolean;
  projects: Set<string>;
}

/** username → role name → scope. */
export type Access = Map<string, Map<string, Scope>>;

interface Entity {
  __entity_type__: string;
  id: string;
  [attribute: string]: unknown;
}

interface QueryResult {
  data: Entity[];
  metadata?: { next?: { offset?: number | null } };
}

async function query(expression: string): Promise<QueryResult> {
  const response = await fetch(`${process.env['FTRACK_SERVER']}/api`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ftrack-user': process.env['FTRACK_API_USER'] ?? '',
      'ftrack-api-key': process.env['FTRACK_API_KEY'] ?? '',
    },
    body: JSON.stringify([{ action: 'query', expression }]),
  });
  const body = (await response.json()) as QueryResult[] | { exception: string; content: string };
  if (!response.ok || !Array.isArray(body)) {
    const error = Array.isArray(body) ? '' : `${body.exception}: ${body.content}`;
    throw new Error(`HTTP ${response.status} ${error}`);
  }
  return body[0]!;
}

/** Entities of one answer by type and id: a later reference gives the full first copy. */
export function identityMap(): (entity: Entity) => Entity {
  const seen = new Map<string, Entity>();
  return (entity) => {
    const key = `${entity.__entity_type__}:${entity.id}`;
    const first = seen.get(key);
    if (first !== undefined) return first;
    seen.set(key, entity);
    return entity;
  };
}

/** Adds the rows of one answer to `access`. */
export function addRows(access: Access, rows: Entity[]): void {
  const same = identityMap();
  for (const row of rows) {
    const username = same(row['user'] as Entity)['username'] as string;
    const role = same(row['security_role'] as Entity)['name'] as string;
    const grants = (row['user_security_role_projects'] as Entity[]).map(same);
    const projects = new Set(grants.map((g) => same(g['project'] as Entity)['name'] as string));
    if (!access.has(username)) access.set(username, new Map());
    access.get(username)!.set(role, { allOpen: row['is_all_open_projects'] === true, projects });
  }
}

async function readServer(): Promise<{ access: Access; pages: number; rows: number }> {
  const access: Access = new Map();
  let offset: number | null = 0;
  let pages = 0;
  let rows = 0;
  while (offset !== null) {
    const result = await query(`${QUERY} offset ${offset} limit ${PAGE_SIZE}`);
    addRows(access, result.data);
    pages++;
    rows += result.data.length;
    offset = result.metadata?.next?.offset ?? null;
  }
  return { access, pages, rows };
}

interface AccessFile {
  settings?: { ignore_users?: string[] };
  roles?: Record<string, unknown>;
  users?: Record<string, { roles?: Record<string, unknown> }>;
}

/** `all-open`, a list of projects, or `{ all_open, projects }`. */
function toScope(value: unknown): Scope {
  if (value === 'all-open') return { allOpen: true, projects: new Set() };
  if (Array.isArray(value)) return { allOpen: false, projects: new Set(value as string[]) };
  const scope = value as { all_open?: boolean; projects?: string[] };
  return { allOpen: scope.all_open === true, projects: new Set(scope.projects ?? []) };
}

export interface Files {
  access: Access;
  /** The roles of the catalogue (`roles:`): undeclared holders lose them. */
  owned: Set<string>;
  ignore: RegExp[];
}

async function readFiles(dir: string): Promise<Files> {
  const files: Files = { access: new Map(), owned: new Set(), ignore: [] };
  const entries = await readdir(dir, { recursive: true });
  for (const name of entries.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const doc = load(await readFile(join(dir, name), 'utf8')) as AccessFile;
    for (const glob of doc.settings?.ignore_users ?? []) {
      const pattern = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      files.ignore.push(new RegExp(`^${pattern}$`));
    }
    for (const role of Object.keys(doc.roles ?? {})) files.owned.add(role);
    for (const [username, user] of Object.entries(doc.users ?? {})) {
      const roles = new Map<string, Scope>();
      for (const [role, scope] of Object.entries(user.roles ?? {})) {
        roles.set(role, toScope(scope));
        files.owned.add(role);
      }
      files.access.set(username, roles);
    }
  }
  return files;
}

const sameScope = (a: Scope, b: Scope): boolean =>
  a.allOpen === b.allOpen &&
  a.projects.size === b.projects.size &&
  [...a.projects].every((p) => b.projects.has(p));

export interface Change {
  sign: '+' | '-' | '~';
  user: string;
  role: string;
}

/** The (user, role) pairs whose access differs between the files and the server. */
export function diffAccess(files: Files, server: Access): Change[] {
  const changes: Change[] = [];
  const users = [...new Set([...files.access.keys(), ...server.keys()])].sort();
  for (const user of users) {
    if (files.ignore.some((glob) => glob.test(user))) continue;
    const want = files.access.get(user);
    const have = server.get(user) ?? new Map<string, Scope>();
    const roles = [...new Set([...(want?.keys() ?? []), ...have.keys()])].sort();
    for (const role of roles) {
      const wanted = want?.get(role);
      const held = have.get(role);
      if (want === undefined && !files.owned.has(role)) continue; // not ours to take away
      if (held === undefined) changes.push({ sign: '+', user, role });
      else if (wanted === undefined) changes.push({ sign: '-', user, role });
      else if (!sameScope(wanted, held)) changes.push({ sign: '~', user, role });
    }
  }
  return changes;
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? 'access';
  const [server, files] = [await readServer(), await readFiles(dir)];
  const changes = diffAccess(files, server.access);
  const count = (sign: Change['sign']): number => changes.filter((c) => c.sign === sign).length;
  const lines = changes.map((c) => `${c.sign} ${c.user} ${c.role}`);
  const summary = {
    changes: changes.length,
    assign: count('+'),
    remove: count('-'),
    modify: count('~'),
    pages: server.pages,
    rows: server.rows,
  };
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(summary)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
