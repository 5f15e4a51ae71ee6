import { catalogueOf, listGrants, ownerText, type ConfigRule } from './rule.js';

/** FR306: a role marked `retired: true` in the catalogue is still granted. */
export const retiredRoleGrantedRule: ConfigRule = {
  code: 'FR306',
  name: 'retired-role-granted',
  check: (documents) => {
    const catalogue = catalogueOf(documents);
    return listGrants(documents)
      .filter((grant) => catalogue.get(grant.role) === true)
      .map((grant) => ({
        severity: 'error',
        code: 'FR306',
        summary: `retired role '${grant.role}' is still granted to ${ownerText(grant.owner)}`,
        hint: `remove the grant (every managed holder loses '${grant.role}'), or drop 'retired: true' from the catalogue`,
        source: grant.document.locate(grant.path, 'key'),
      }));
  },
};
