import { planChanges, type PlanResult } from '../../../src/plan/index.js';
import type { SecurityRoleOperation } from '../../../src/wire/index.js';
import { desiredState, serverState, type ConfigSpec, type ServerSpec } from './builders.js';

/** `add ana User`, `grant ana User *`, `grant ana User alpha`, `update ana Reviewer→Lead`. */
export function describeOperation(op: SecurityRoleOperation): string {
  const strip = (id: string | undefined) => (id ?? '').replace(/^[a-z]-/, '');
  const verb = op.action.split('_')[0]!;
  const base = `${verb} ${strip(op.user_id)} ${strip(op.role_id)}`;
  if (op.action === 'update_user_security_role') return `${base}→${strip(op.new_role_id)}`;
  if (op.all_open_projects === true) return `${base} *`;
  return op.project_id === undefined ? base : `${base} ${strip(op.project_id)}`;
}

export function runPlan(
  server: ServerSpec,
  config: ConfigSpec,
  allowRemovals?: number,
): PlanResult {
  return planChanges({
    desired: desiredState(config),
    current: serverState(server),
    apiUser: 'svc',
    ...(allowRemovals === undefined ? {} : { allowRemovals }),
    now: new Date(),
  });
}
