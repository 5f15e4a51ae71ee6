import {
  compareStrings,
  type ScopeV1,
  type SourceRef,
  type ValidatedDocument,
} from '../model/index.js';
import type { DesiredGroup, DesiredGroupGrant } from './types.js';

/** The groups of the config by name, each with members, ftrack group and grants. */
export function buildGroups(documents: readonly ValidatedDocument[]): Map<string, DesiredGroup> {
  const groups = new Map<string, DesiredGroup>();
  for (const document of documents) {
    for (const [name, group] of Object.entries(document.data.groups ?? {})) {
      if (groups.has(name)) continue;
      const at = (path: (string | number)[], part?: 'key' | 'value') =>
        document.locate(['groups', name, ...path], part);
      const seen = new Set<string>();
      const members: DesiredGroup['members'] = [];
      (group.members === 'all-active' ? [] : (group.members ?? [])).forEach((username, index) => {
        if (seen.has(username)) return;
        seen.add(username);
        members.push({ username, source: { ...at(['members', index]), group: name } });
      });
      groups.set(name, {
        name,
        ...(group.description === undefined ? {} : { description: group.description }),
        members,
        ...(group.members === 'all-active'
          ? { allActive: { source: { ...at(['members'], 'value'), group: name } } }
          : {}),
        ...(group.ftrack_group === undefined
          ? {}
          : {
              ftrackGroup: {
                name: group.ftrack_group,
                includeSubgroups: group.include_subgroups === true,
                source: at(['ftrack_group']),
              },
            }),
        roles: Object.entries(group.roles)
          .map(([role, scope]) =>
            groupGrant(role, scope, (path, part) => at(['roles', role, ...path], part)),
          )
          .sort((a, b) => compareStrings(a.role, b.role)),
        source: at([], 'key'),
      });
    }
  }
  return new Map([...groups].sort(([a], [b]) => compareStrings(a, b)));
}

type At = (path: (string | number)[], part?: 'key' | 'value') => SourceRef;

function groupGrant(role: string, scope: ScopeV1, at: At): DesiredGroupGrant {
  const source = at([], 'key');
  const allOpen = scope === 'all-open' || (!Array.isArray(scope) && scope.all_open === true);
  const list = scope === 'all-open' ? [] : Array.isArray(scope) ? scope : (scope.projects ?? []);
  const inList = Array.isArray(scope);
  const until = typeof scope === 'object' && !inList ? scope.until : undefined;
  const projects = new Map<string, SourceRef[]>();
  list.forEach((project, index) => {
    const ref = at(inList ? [index] : ['projects', index], 'value');
    projects.set(project, [...(projects.get(project) ?? []), ref]);
  });
  const allOpenAt = scope === 'all-open' ? at([], 'value') : at(['all_open'], 'value');
  return {
    role,
    allOpen,
    projects: [...new Set(list)].sort(compareStrings),
    source,
    ...(until === undefined ? {} : { until: { date: until, at: at(['until'], 'value') } }),
    at: { ...(allOpen ? { allOpen: allOpenAt } : {}), projects },
  };
}
