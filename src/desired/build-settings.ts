import type { RoleName, ValidatedDocument } from '../model/index.js';
import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  DEFAULT_MAX_REMOVALS,
  type CatalogueRole,
  type DesiredSettings,
} from './types.js';

/** The settings of the config (the first file that has them; rules forbid a second one). */
export function buildSettings(documents: readonly ValidatedDocument[]): DesiredSettings {
  const document = documents.find((d) => d.data.settings !== undefined);
  const settings = document?.data.settings;
  if (document === undefined || settings === undefined) {
    return {
      manage: 'owned',
      inactiveUsers: 'remove',
      ignoreUsers: [],
      protected: [],
      maxRemovals: DEFAULT_MAX_REMOVALS,
      expiryWarningDays: DEFAULT_EXPIRY_WARNING_DAYS,
    };
  }
  return {
    manage: settings.manage ?? 'owned',
    inactiveUsers: settings.inactive_users ?? 'remove',
    ignoreUsers: [...(settings.ignore_users ?? [])],
    protected: (settings.protected ?? []).map((entry, index) => ({
      role: entry.role,
      minHolders: entry.min_holders ?? 1,
      source: document.locate(['settings', 'protected', index]),
    })),
    maxRemovals: settings.max_removals ?? DEFAULT_MAX_REMOVALS,
    expiryWarningDays: settings.expiry_warning_days ?? DEFAULT_EXPIRY_WARNING_DAYS,
    source: document.locate(['settings'], 'key'),
  };
}

/** The role catalogue merged over all files; empty when no file declares roles. */
export function buildCatalogue(
  documents: readonly ValidatedDocument[],
): Map<RoleName, CatalogueRole> {
  const catalogue = new Map<RoleName, CatalogueRole>();
  for (const document of documents) {
    for (const [name, role] of Object.entries(document.data.roles ?? {})) {
      if (catalogue.has(name)) continue;
      catalogue.set(name, {
        name,
        ...(role.description === undefined ? {} : { description: role.description }),
        retired: role.retired === true,
        ownership: role.ownership ?? 'exclusive',
        source: document.locate(['roles', name], 'key'),
      });
    }
  }
  return catalogue;
}
