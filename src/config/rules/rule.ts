import type { Diagnostic } from '../../diagnostics/index.js';
import { formatSourceRef } from '../../model/index.js';
import type { NodePath, ScopeV1, ValidatedDocument } from '../../model/document.js';

/** One semantic rule: a stable code and a check over all validated documents of a config. */
export interface ConfigRule {
  code: string;
  name: string;
  check: (documents: readonly ValidatedDocument[]) => Diagnostic[];
}

/** The own entries of a mapping of the config (never inherited ones). */
export function entriesOf<T>(record: Readonly<Record<string, T>> | undefined): [string, T][] {
  return record === undefined ? [] : Object.entries(record);
}

/** The own keys of a mapping of the config. */
export function namesOf(record: Readonly<Record<string, unknown>> | undefined): string[] {
  return record === undefined ? [] : Object.keys(record);
}

/** The projects (names or globs) a scope lists: none for `all-open`. */
export function projectsOf(scope: ScopeV1): readonly string[] {
  if (scope === 'all-open') return NO_NAMES;
  return Array.isArray(scope) ? scope : (scope.projects ?? NO_NAMES);
}

const NO_NAMES: readonly string[] = Object.freeze([]);

const NONE: readonly number[] = Object.freeze([]);

/** Lists up to this long are searched for repeats pairwise, longer ones through a Set. */
const SHORT_LIST = 16;

/** The indexes of the items that repeat an earlier item, in order. */
export function repeatedItems(items: readonly string[]): readonly number[] {
  if (items.length <= SHORT_LIST) {
    let repeated: number[] | undefined;
    for (let i = 1; i < items.length; i += 1) {
      if (items.lastIndexOf(items[i]!, i - 1) >= 0) (repeated ??= []).push(i);
    }
    return repeated ?? NONE;
  }
  const repeated: number[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item)) repeated.push(index);
    else seen.add(item);
  });
  return repeated;
}

/** A group's listed members (none for `members: all-active`, whose members the server has). */
export function membersList(
  members: readonly string[] | 'all-active' | undefined,
): readonly string[] {
  return members === undefined || members === 'all-active' ? [] : members;
}

/** One role granted by a user entry or a group. */
export class GrantEntry {
  constructor(
    readonly document: ValidatedDocument,
    /** Shared by the grants of one user entry or group. */
    readonly owner: { kind: 'user' | 'group'; name: string },
    readonly role: string,
    readonly scope: ScopeV1,
  ) {}

  /** `[users|groups, name, 'roles', role]`, made when asked (a large config has 100,000s of grants). */
  get path(): NodePath {
    return [this.owner.kind === 'user' ? 'users' : 'groups', this.owner.name, 'roles', this.role];
  }
}

const grantLists = new WeakMap<readonly ValidatedDocument[], readonly GrantEntry[]>();

/** Every grant of every document, in file order (computed once per documents array). */
export function listGrants(documents: readonly ValidatedDocument[]): readonly GrantEntry[] {
  let grants = grantLists.get(documents);
  if (grants === undefined) {
    grants = collectGrants(documents);
    grantLists.set(documents, grants);
  }
  return grants;
}

function collectGrants(documents: readonly ValidatedDocument[]): GrantEntry[] {
  const grants: GrantEntry[] = [];
  for (const document of documents) {
    addGrants(grants, document, 'user', document.data.users);
    addGrants(grants, document, 'group', document.data.groups);
  }
  return grants;
}

function addGrants(
  grants: GrantEntry[],
  document: ValidatedDocument,
  kind: 'user' | 'group',
  section: Readonly<Record<string, { roles: Record<string, ScopeV1> }>> | undefined,
): void {
  if (section === undefined) return;
  const names = Object.keys(section);
  for (let i = 0; i < names.length; i += 1) {
    const owner = { kind, name: names[i]! };
    const roles = section[owner.name]!.roles;
    const granted = Object.keys(roles);
    for (let j = 0; j < granted.length; j += 1) {
      grants.push(new GrantEntry(document, owner, granted[j]!, roles[granted[j]!]!));
    }
  }
}

/** `user 'ana'` or `group 'lighting'`. */
export function ownerText(owner: GrantEntry['owner']): string {
  return `${owner.kind} '${owner.name}'`;
}

/**
 * Reports the second and later declarations of the same name in different files: `pick`
 * gives a document's names, `pathOf` a name's path (asked only for the duplicates).
 */
export function findCrossFileDuplicates(
  documents: readonly ValidatedDocument[],
  pick: (document: ValidatedDocument) => readonly string[],
  pathOf: (name: string) => NodePath,
  report: (name: string, firstAt: string) => Omit<Diagnostic, 'source' | 'severity'>,
): Diagnostic[] {
  // Positions are only looked up for the (rare) duplicates.
  const first = new Map<string, ValidatedDocument>();
  const diagnostics: Diagnostic[] = [];
  for (const document of documents) {
    const names = pick(document);
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i]!;
      const previous = first.get(name);
      if (previous === undefined) first.set(name, document);
      else if (previous.file !== document.file) {
        const at = formatSourceRef(previous.locate(pathOf(name), 'key'));
        const source = document.locate(pathOf(name), 'key');
        diagnostics.push({ severity: 'error', ...report(name, at), source });
      }
    }
  }
  return diagnostics;
}

/** The merged role catalogue: role name → retired. Empty when no file declares roles. */
export function catalogueOf(documents: readonly ValidatedDocument[]): Map<string, boolean> {
  const catalogue = new Map<string, boolean>();
  for (const document of documents) {
    for (const [name, role] of entriesOf(document.data.roles)) {
      catalogue.set(name, (catalogue.get(name) ?? false) || role.retired === true);
    }
  }
  return catalogue;
}

/** Every `settings.protected` entry with its path. */
export function listProtected(
  documents: readonly ValidatedDocument[],
): { document: ValidatedDocument; role: string; path: NodePath }[] {
  return documents.flatMap((document) =>
    (document.data.settings?.protected ?? []).map((entry, index) => ({
      document,
      role: entry.role,
      path: ['settings', 'protected', index, 'role'],
    })),
  );
}
