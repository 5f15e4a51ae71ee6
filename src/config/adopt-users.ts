import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import { InternalError } from '../diagnostics/index.js';
import type { Scope } from '../model/index.js';
import { editMap, type NewEntry, type Splice } from './adopt-map.js';
import { flowItem, flowScopeText, keyText, scopeData, type Lines } from './adopt-text.js';

/** `adopt --add-undeclared`: new users under `users:` (adopt-edit.ts). */

/** A user to add under `users:`. */
export interface AdoptNewUser {
  user: string;
  roles: readonly { role: string; scope: Scope }[];
}

/** The first line of a file `adopt --add-undeclared` creates. */
export const ADOPTED_FILE_HEADER =
  '# Users who held roles on the server, added by `ftrack-roles adopt --add-undeclared`.';

export type Data = Record<string, unknown>;

function start(node: unknown): number {
  return (node as { range: [number, number, number] }).range[0];
}

export function end(node: unknown): number {
  return (node as { range: [number, number, number] }).range[1];
}

export function findPair(map: YAMLMap, name: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
}

/** The lines of a new user's entry under its key. */
function userEntry(user: AdoptNewUser): NewEntry {
  const roles = user.roles.map(
    (r) => [keyText(r.role), flowScopeText(r.scope, r.scope.projects.map(flowItem))] as const,
  );
  return {
    key: user.user,
    flow: `{ roles: { ${roles.map(([k, v]) => `${k}: ${v}`).join(', ')} } }`,
    block: (indent, step) => [
      `${indent}${step}roles:`,
      ...roles.map(([k, v]) => `${indent}${step}${step}${k}: ${v}`),
    ],
  };
}

function newUsersData(add: readonly AdoptNewUser[]): Data {
  const out: Data = {};
  for (const u of add) {
    const roles: Data = {};
    for (const r of u.roles) roles[r.role] = scopeData(r.scope);
    out[u.user] = { roles };
  }
  return out;
}

/** Adds users under `users:` (created at the end of the file, or the file, when missing). */
export function addUsers(
  text: string,
  ctx: { lines: Lines; eol: string },
  root: unknown,
  users: Pair | undefined,
  add: readonly AdoptNewUser[],
  expected: Data | null,
): { splices: Splice[]; expected: Data } {
  const entries = add.map(userEntry);
  const data = newUsersData(add);
  const { eol } = ctx;
  if (root === null || root === undefined) {
    const block = entries.flatMap((e) => [`  ${keyText(e.key)}:`, ...e.block!('  ', '  ')]);
    const head = text === '' ? [ADOPTED_FILE_HEADER] : [];
    const lines = [...head, 'version: 1', 'users:', ...block];
    const lead = text !== '' && !text.endsWith('\n') ? eol : '';
    const splice = { start: text.length, end: text.length, text: lead + lines.join(eol) + eol };
    return { splices: [splice], expected: { version: 1, users: data } };
  }
  if (!isMap(root)) throw new InternalError('adopt: the file is not a mapping');
  const all = expected ?? {};
  if (users === undefined) {
    const lines = entries.flatMap((e) => [`  ${keyText(e.key)}:`, ...e.block!('  ', '  ')]);
    const flow = `{ ${entries.map((e) => `${keyText(e.key)}: ${e.flow}`).join(', ')} }`;
    const splices = editMap(ctx, root, -1, {
      remove: new Set(),
      modify: new Map(),
      add: [{ key: 'users', flow, block: () => lines }],
    });
    return { splices, expected: { ...all, users: data } };
  }
  if (!isMap(users.value)) throw new InternalError('adopt: users: is not a mapping');
  const splices = editMap(ctx, users.value, end(users.key), {
    remove: new Set(),
    modify: new Map(),
    add: entries,
    step: stepOf(ctx.lines, users.value),
  });
  return { splices, expected: { ...all, users: { ...(all['users'] as Data), ...data } } };
}

/** The indent step of a block `users:` mapping: from its first user's `roles:`. */
function stepOf(lines: Lines, users: YAMLMap): string {
  const first = users.items[0];
  const inner = isMap(first?.value) ? first.value.items[0]?.key : undefined;
  if (first === undefined || inner === undefined || users.flow === true) return '  ';
  const width = lines.prefix(start(inner)).length - lines.prefix(start(first.key)).length;
  return width > 0 && width <= 8 ? ' '.repeat(width) : '  ';
}
