import { buildCatalog, type Catalog } from '../current/index.js';
import type { Session } from '../session/index.js';
import type { ReadEvents } from './events.js';
import { readCurrentState } from './reads.js';

/** `catalog pull`: the server's names (users, roles, projects, ftrack groups), read-only. */
export async function pullCatalog(
  input: { connect: () => Session; now: () => Date },
  events: ReadEvents = {},
): Promise<Catalog> {
  const session = input.connect();
  try {
    const current = await readCurrentState(session, events, { groups: true });
    return buildCatalog(current, input.now());
  } finally {
    await session.close();
  }
}
