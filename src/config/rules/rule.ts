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
    for (const [kind, section] of [
      ['user', document.data.users],
      ['group', document.data.groups],
    ] as const) {
      for (const [name, entry] of entriesOf<{ roles: Record<string, ScopeV1> }>(section)) {
        const owner = { kind, name };
        for (const [role, scope] of entriesOf(entry.roles)) {
          grants.push(new GrantEntry(document, owner, role, scope));
        }
      }
    }
  }
  return grants;
}

/** `user 'ana'` or `group 'lighting'`. */
export function ownerText(owner: GrantEntry['owner']): string {
  return `${owner.kind} '${owner.name}'`;
}

/** Reports the second and later declarations of the same name in different files. */
export function findCrossFileDuplicates(
  documents: readonly ValidatedDocument[],
  pick: (document: ValidatedDocument) => [string, NodePath][],
  report: (name: string, firstAt: string) => Omit<Diagnostic, 'source' | 'severity'>,
): Diagnostic[] {
  // Positions are only looked up for the (rare) duplicates.
  const first = new Map<string, { document: ValidatedDocument; path: NodePath }>();
  const diagnostics: Diagnostic[] = [];
  for (const document of documents) {
    for (const [name, path] of pick(document)) {
      const previous = first.get(name);
      if (previous === undefined) first.set(name, { document, path });
      else if (previous.document.file !== document.file) {
        const at = formatSourceRef(previous.document.locate(previous.path, 'key'));
        const source = document.locate(path, 'key');
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
