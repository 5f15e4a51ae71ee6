import type { DoctorCheck } from './doctor-types.js';

/**
 * What no read can find out, said as such (docs/doctor.md, "What doctor cannot check"):
 * the security-role actions, the scope a role starts with after `add_user_security_role`,
 * and whether granting all open projects keeps a role's project grants.
 */
export function unknowableChecks(): DoctorCheck[] {
  return [
    {
      id: 'actions',
      status: 'info',
      summary:
        'The security-role actions (add, remove, update, grant, revoke) cannot be listed: a server answers only a call to them, and doctor sends no write.',
      hint: 'The permission check below and the first apply find out: a call is all-or-nothing, so an unknown action is refused with nothing applied.',
    },
    {
      id: 'add-role-scope',
      status: 'info',
      summary:
        'Apply finds out: the scope a role starts with after add_user_security_role (no project, or all open projects) cannot be read without adding a role.',
      hint: 'apply sends its operations guarded so that such a server refuses the call whole; it then finds out with a call that adds the role and removes it again (net zero), and sends them again, adapted.',
    },
    {
      id: 'grant-all-open',
      status: 'info',
      summary:
        "Apply does not need to know: whether granting all open projects keeps or drops a role's project grants cannot be read without granting.",
      hint: 'The plan revokes the private project grants before granting all open projects and grants the kept ones back after, so the server ends with the same access either way.',
    },
  ];
}
