import type { Diagnostic } from '../../diagnostics/index.js';
import type { ValidatedDocument } from '../../model/document.js';
import { duplicateCatalogueRoleRule } from './duplicate-catalogue-role.js';
import { duplicateGroupRule } from './duplicate-group.js';
import { duplicateMemberRule } from './duplicate-member.js';
import { duplicateProjectRule } from './duplicate-project.js';
import { duplicateSettingsRule } from './duplicate-settings.js';
import { duplicateUserRule } from './duplicate-user.js';
import { emptyScopeRule } from './empty-scope.js';
import { ignoredUserRule } from './ignored-user.js';
import { invalidDateRule } from './invalid-date.js';
import { negatedPatternRule } from './negated-pattern.js';
import { protectedRoleRule } from './protected-role.js';
import { retiredRoleGrantedRule } from './retired-role-granted.js';
import type { ConfigRule } from './rule.js';
import { unknownRoleRule } from './unknown-role.js';

export type { ConfigRule } from './rule.js';

/** The semantic rules, run on the documents that passed the schema. */
export const configRules: readonly ConfigRule[] = [
  duplicateUserRule,
  duplicateSettingsRule,
  duplicateGroupRule,
  duplicateCatalogueRoleRule,
  unknownRoleRule,
  retiredRoleGrantedRule,
  ignoredUserRule,
  emptyScopeRule,
  duplicateProjectRule,
  duplicateMemberRule,
  protectedRoleRule,
  invalidDateRule,
  negatedPatternRule,
];

export function checkConfigRules(documents: readonly ValidatedDocument[]): Diagnostic[] {
  // A private array: the grant list the rules share (keyed by it) dies with this call.
  const shared = [...documents];
  return configRules.flatMap((rule) => rule.check(shared));
}
