import type { NodePath, SourceRef, ValidatedDocument } from '../model/index.js';

/**
 * Where the parts of one grant are written: the role's key and scope, and the entries of
 * its scope (`all_open`, `until`, each project of the list). Found from the nodes
 * themselves when the document's reader keeps positions by node (`locateEntry`: no walk
 * from the root for each of a large config's hundreds of thousands of project items),
 * else by path; both give the same positions. One instance is pointed at grant after grant.
 */
export class GrantPositions {
  #document: ValidatedDocument | undefined;
  #roles: object = {};
  #role = '';
  /** `users` or `groups`, and the user's or group's name. */
  #section = '';
  #owner = '';
  #group: string | undefined;
  /** The position given when there is no document (a group's own source). */
  #fallback: SourceRef | undefined;

  /**
   * Points at the grant of `role` in the mapping `roles` of `document`, at the path
   * `[section, owner, 'roles', role]`; the positions of a group's grant carry its name.
   */
  point(
    document: ValidatedDocument | undefined,
    roles: object,
    role: string,
    section: 'users' | 'groups',
    owner: string,
    /** A group's own position, for a group not found in a document. */
    groupSource?: SourceRef,
  ): this {
    this.#document = document;
    this.#roles = roles;
    this.#role = role;
    this.#section = section;
    this.#owner = owner;
    this.#group = section === 'groups' ? owner : undefined;
    this.#fallback = groupSource;
    return this;
  }

  /** The role's key, or its scope. */
  role(part: 'key' | 'value'): SourceRef {
    const document = this.#document;
    const found = document?.locateEntry?.(this.#roles, this.#role, part);
    return this.#grouped(found ?? document?.locate(this.#path(), part));
  }

  /**
   * The value of the entry `key` of `node`, a part of the scope: of the scope itself, or of
   * its entry `parent` (`projects`).
   */
  entry(node: object, key: string | number, parent?: string): SourceRef {
    const document = this.#document;
    const found = document?.locateEntry?.(node, key, 'value');
    if (found !== undefined || document === undefined) return this.#grouped(found);
    const below = parent === undefined ? [key] : [parent, key];
    return this.#grouped(document.locate([...this.#path(), ...below], 'value'));
  }

  #path(): NodePath {
    return [this.#section, this.#owner, 'roles', this.#role];
  }

  /** A position found (else the fallback), with the group's name for a group's grant. */
  #grouped(found: SourceRef | undefined): SourceRef {
    const source = found ?? this.#fallback!;
    return this.#group === undefined ? source : { ...source, group: this.#group };
  }
}
