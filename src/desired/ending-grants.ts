import type { ScopeV1, ValidatedDocument } from '../model/index.js';

/**
 * Whether a grant of the documents ends on a date (`until:` in the scope of a user's or a
 * group's role). Only such grants give the expiry warnings that come from the desired
 * state (FR312, FR313), so a check without them need not build it.
 */
export function hasEndingGrants(documents: readonly ValidatedDocument[]): boolean {
  return documents.some(
    (document) => sectionEnds(document.data.users) || sectionEnds(document.data.groups),
  );
}

function sectionEnds(
  section: Readonly<Record<string, { roles: Readonly<Record<string, ScopeV1>> }>> | undefined,
): boolean {
  if (section === undefined) return false;
  for (const name in section) {
    const roles = section[name]!.roles;
    for (const role in roles) {
      const scope = roles[role]!;
      if (typeof scope === 'object' && !Array.isArray(scope) && scope.until !== undefined) {
        return true;
      }
    }
  }
  return false;
}
