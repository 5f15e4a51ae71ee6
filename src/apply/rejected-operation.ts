import type { CurrentState } from '../current/types.js';
import type { SecurityRoleOperation } from '../wire/index.js';
import { describeOperation } from './describe.js';

/** The operation a server error is about, when its message names it unambiguously. */
export interface RejectedOperation {
  /** 1-based position in the batch. */
  number: number;
  description: string;
}

/**
 * Finds the operation a rejection is about from the names in the server's message
 * (ftrack messages name the user, the role and the project, not the position): the one
 * operation whose username and role (and project, when the message names one) it quotes.
 */
export function findRejectedOperation(
  message: string,
  operations: readonly SecurityRoleOperation[],
  current: CurrentState,
): RejectedOperation | undefined {
  const quoted = (name: string) => message.includes(`"${name}"`) || message.includes(` ${name}.`);
  const nameOf = (list: { id: string }[], id: string | undefined, key: 'username' | 'name') =>
    (list.find((row) => row.id === id) as Record<string, unknown> | undefined)?.[key] as
      string | undefined;
  const allOpenMentioned = /all open projects/i.test(message);
  const candidates = operations
    .map((operation, i) => ({ operation, number: i + 1 }))
    .filter(({ operation }) => {
      const user = nameOf(current.users, operation.user_id, 'username');
      const role = nameOf(current.roles, operation.role_id, 'name');
      const newRole = nameOf(current.roles, operation.new_role_id, 'name');
      if (user === undefined || !quoted(user)) return false;
      if (!(role !== undefined && quoted(role)) && !(newRole !== undefined && quoted(newRole))) {
        return false;
      }
      const project = nameOf(current.projects, operation.project_id, 'name');
      if (project !== undefined) return quoted(project);
      return operation.all_open_projects !== true || allOpenMentioned;
    });
  const narrowed = candidates.length > 1 ? preferExact(candidates, message, current) : candidates;
  const only = narrowed.length === 1 ? narrowed[0] : undefined;
  if (only === undefined) return undefined;
  return { number: only.number, description: describeOperation(only.operation, current) };
}

function preferExact(
  candidates: { operation: SecurityRoleOperation; number: number }[],
  message: string,
  current: CurrentState,
): { operation: SecurityRoleOperation; number: number }[] {
  const mentionsProject = current.projects.some(
    (p) => message.includes(`"${p.name}"`) || message.includes(`project ${p.name}.`),
  );
  const allOpen = /all open projects/i.test(message);
  return candidates.filter(({ operation }) => {
    if (mentionsProject) return operation.project_id !== undefined;
    if (allOpen) return operation.all_open_projects === true;
    return operation.project_id === undefined && operation.all_open_projects !== true;
  });
}
