import { isAlias, isMap, isScalar, isSeq, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { InternalError } from '../diagnostics/index.js';
import type { Scope } from '../model/index.js';
import {
  editMap,
  itemTexts,
  orderItems,
  Refused,
  type MapEdit,
  type NewEntry,
  type Splice,
} from './adopt-map.js';
import { flowItem, flowScopeText, Lines, lineBreakOf, scopeData } from './adopt-text.js';
import { addUsers, end, findPair, type AdoptNewUser, type Data } from './adopt-users.js';
import { FULL_READER_MAX_BYTES } from './yaml/large-file.js';

export { ADOPTED_FILE_HEADER, type AdoptNewUser } from './adopt-users.js';

/**
 * `adopt`'s edit of one config file's text (pure): the `roles:` of users declared under
 * `users:` set to given scopes, and new users added. Only the entries that change are
 * written again; every other byte stays as it was (adopt-map.ts). The result is parsed
 * again and must hold exactly the data intended, or nothing is returned (InternalError).
 */

/** One role of a user's entry: its new scope, or null to take the role out. */
export interface AdoptRoleEdit {
  role: string;
  /**
   * The scope; its projects (names or globs), sorted. Items the file already lists among
   * them keep their place and text; the others are added after them.
   */
  scope: Scope | null;
}

export interface AdoptUserEdit {
  user: string;
  roles: readonly AdoptRoleEdit[];
}

export interface AdoptEditRequest {
  users: readonly AdoptUserEdit[];
  add?: readonly AdoptNewUser[];
}

/** A part of the request left undone, and why. */
export interface AdoptEditRefusal {
  user: string;
  /** Null when the whole entry is refused. */
  role: string | null;
  reason: 'until' | 'yaml';
  detail: string;
}

export interface AdoptEditResult {
  text: string;
  /** The (user, role) pairs whose entry changed, in request order. */
  changed: { user: string; role: string }[];
  refused: AdoptEditRefusal[];
}

const PARSE = { uniqueKeys: false, strict: true, resolveKnownTags: false } as const;
const TO_JS = { maxAliasCount: 10_000 } as const;

/** Edits a config file's text; `file` names it in errors. */
export function editConfigText(
  text: string,
  file: string,
  request: AdoptEditRequest,
): AdoptEditResult {
  if (Buffer.byteLength(text) > FULL_READER_MAX_BYTES) {
    // Its syntax tree would take some 90 bytes per byte (docs/benchmarks.md).
    const detail = `the file is over ${FULL_READER_MAX_BYTES / 1024 / 1024} MiB, more than the editor reads`;
    const refused = [...request.users, ...(request.add ?? [])].map((u) => ({
      user: u.user,
      role: null,
      reason: 'yaml' as const,
      detail,
    }));
    return { text, changed: [], refused };
  }
  const doc = parseDocument(text, PARSE);
  if (doc.errors.length > 0) throw new InternalError(`adopt: ${file} does not parse`);
  const ctx = { lines: new Lines(text), eol: lineBreakOf(text) };
  const expected = (doc.toJS(TO_JS) ?? null) as Data | null;
  const root = doc.contents;
  const users = isMap(root) ? findPair(root, 'users') : undefined;
  const result: AdoptEditResult = { text, changed: [], refused: [] };
  const splices: Splice[] = [];
  for (const edit of request.users) {
    const entry = isMap(users?.value) ? findPair(users.value, edit.user) : undefined;
    const problem =
      entry === undefined
        ? 'it is not a plain entry under users: (a YAML alias?)'
        : yamlProblem(entry);
    const rolesPair = isMap(entry?.value) ? findPair(entry.value, 'roles') : undefined;
    if (problem !== undefined || !isMap(rolesPair?.value)) {
      const detail = problem ?? 'its roles: is not a mapping';
      result.refused.push({ user: edit.user, role: null, reason: 'yaml', detail });
      continue;
    }
    const roles = rolesPair.value;
    const data = ((expected?.['users'] as Data)[edit.user] as Data)['roles'] as Data;
    const refusals = result.refused.length;
    try {
      const planned = planRoles(text, roles, edit, data, result);
      splices.push(...editMap(ctx, roles, end(rolesPair.key), planned.edit));
      planned.apply(data);
      result.changed.push(...planned.changed.map((role) => ({ user: edit.user, role })));
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      result.refused.splice(refusals);
      result.refused.push({ user: edit.user, role: null, reason: 'yaml', detail: error.message });
    }
  }
  const add = request.add ?? [];
  let out = applySplices(text, splices);
  if (add.length > 0) {
    const next = addUsers(text, ctx, root, users, add, expected);
    out = applySplices(text, [...splices, ...next.splices]);
    result.changed.push(
      ...add.flatMap((u) => u.roles.map((r) => ({ user: u.user, role: r.role }))),
    );
    return verify({ ...result, text: out }, file, next.expected);
  }
  return verify({ ...result, text: out }, file, expected);
}

/** Why an entry cannot be edited in place: an anchor, alias, tag or merge key in it. */
function yamlProblem(node: unknown): string | undefined {
  if (isAlias(node)) return 'it uses a YAML alias (*name)';
  if (node === null || typeof node !== 'object') return undefined;
  const n = node as { anchor?: string; tag?: string; key?: unknown; value?: unknown };
  if (n.anchor !== undefined) return 'it holds a YAML anchor (&name)';
  if (n.tag !== undefined) return 'it holds a YAML tag';
  if (isScalar(n) && n.value === '<<') return 'it uses a YAML merge key (<<)';
  const children = isMap(node) || isSeq(node) ? node.items : 'key' in n ? [n.key, n.value] : [];
  for (const child of children) {
    const problem = yamlProblem(child);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The mapping edit of one user's `roles:`, and the same change made to its data. */
function planRoles(
  text: string,
  roles: YAMLMap,
  edit: AdoptUserEdit,
  data: Readonly<Data>,
  result: AdoptEditResult,
) {
  const remove = new Set<Pair>();
  const modify = new Map<Pair, { scope: Scope; order: string[] }>();
  const add: NewEntry[] = [];
  const changes: [string, unknown][] = [];
  for (const { role, scope } of edit.roles) {
    const pair = findPair(roles, role);
    if (scope === null) {
      if (pair !== undefined) remove.add(pair);
      if (pair !== undefined) changes.push([role, undefined]);
      continue;
    }
    if (pair === undefined) {
      add.push({ key: role, flow: flowScopeText(scope, scope.projects.map(flowItem)) });
      changes.push([role, scopeData(scope)]);
      continue;
    }
    if (isMap(pair.value) && pair.value.has('until')) {
      const detail = 'its scope ends on a date (until:)';
      result.refused.push({ user: edit.user, role, reason: 'until', detail });
      continue;
    }
    const order = orderItems(itemTexts(text, pair.value).keys(), scope.projects);
    const value = scopeData({ ...scope, projects: order });
    if (JSON.stringify(value) === JSON.stringify(data[role])) continue;
    modify.set(pair, { scope, order });
    changes.push([role, value]);
  }
  return {
    edit: { remove, modify, add } satisfies MapEdit,
    changed: changes.map(([role]) => role),
    apply(target: Data) {
      for (const [role, value] of changes) {
        if (value === undefined) delete target[role];
        else target[role] = value;
      }
    },
  };
}

function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const s of sorted) {
    if (s.end > limit) throw new InternalError('adopt: overlapping edits');
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    limit = s.start;
  }
  return out;
}

/** The edited text must parse to exactly the data intended. */
function verify(result: AdoptEditResult, file: string, expected: Data | null): AdoptEditResult {
  const doc = parseDocument(result.text, PARSE);
  const data = doc.errors.length > 0 ? undefined : (doc.toJS(TO_JS) as unknown);
  if (JSON.stringify(data) !== JSON.stringify(expected)) {
    throw new InternalError(`adopt: the edit of ${file} does not read back as intended`);
  }
  return result;
}
