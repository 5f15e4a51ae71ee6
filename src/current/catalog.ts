import type { CurrentState } from './types.js';
import { compareStrings } from '../model/index.js';
import { CATALOG_FORMAT_VERSION, type Catalog } from './catalog-types.js';

const byName = <T extends { name: string }>(a: T, b: T) => compareStrings(a.name, b.name);

/** The catalogue of a server's current state: names and flags only, sorted; no ids, no keys. */
export function buildCatalog(current: CurrentState, pulledAt: Date): Catalog {
  const usernames = new Map(current.users.map((u) => [u.id, u.username]));
  const groupNames = new Map((current.groups ?? []).map((g) => [g.id, g.name]));
  return {
    format_version: CATALOG_FORMAT_VERSION,
    server: current.server,
    pulled_at: pulledAt.toISOString(),
    users: current.users
      .map((u) => ({ username: u.username, is_active: u.isActive }))
      .sort((a, b) => compareStrings(a.username, b.username)),
    roles: current.roles.map((r) => ({ name: r.name, type: r.type })).sort(byName),
    projects: current.projects.map((p) => ({ name: p.name, is_private: p.isPrivate })).sort(byName),
    groups: (current.groups ?? [])
      .map((g) => ({
        name: g.name,
        parent: g.parentId === null ? null : (groupNames.get(g.parentId) ?? null),
        members: [...new Set(g.memberUserIds.flatMap((id) => usernames.get(id) ?? []))].sort(
          compareStrings,
        ),
      }))
      .sort((a, b) => byName(a, b) || compareStrings(a.parent ?? '', b.parent ?? '')),
  };
}
