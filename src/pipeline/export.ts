import { UsageError } from '../diagnostics/index.js';
import { collectExport, type ExportModel } from '../report/index.js';
import { isNegated } from '../model/glob.js';
import type { Session } from '../session/index.js';
import type { ReadEvents } from './events.js';
import { readCurrentState } from './reads.js';

export interface ExportInput {
  /** Opens the session to the server. */
  connect: () => Session;
  /** `--users GLOB`: only these users. */
  users?: string;
  /** `--include-inactive`. */
  includeInactive: boolean;
}

/**
 * `export`: the server's assignments as an export model (read-only on the server). A
 * `--users` pattern that starts with `!` is refused before anything is read (FR314: the
 * glob rule of model/glob.ts has no negation).
 */
export async function exportAccess(
  input: ExportInput,
  events: ReadEvents = {},
): Promise<ExportModel> {
  if (input.users !== undefined && isNegated(input.users)) {
    throw new UsageError(
      `--users '${input.users}' starts with '!': negation is not supported (FR314). Give the usernames to export, by name or glob (such as 'a*').`,
    );
  }
  const session = input.connect();
  const current = await readCurrentState(session, events).finally(() => session.close());
  return collectExport(current, {
    ...(input.users === undefined ? {} : { users: input.users }),
    includeInactive: input.includeInactive,
  });
}
