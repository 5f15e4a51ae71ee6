// The read itself, not the whole stage: the catalogue's modules are not needed here.
import { startCurrentStateRead, type CurrentStateRead } from '../current/fetch-current-state.js';
import type { CurrentState } from '../current/index.js';
import type { Session } from '../session/index.js';
import type { ReadEvents } from './events.js';

/**
 * Starts reading the current state through `session` (current stage), reporting progress
 * to the events and the end of the reads either way. `groups` may be a promise when it is
 * not known yet whether the config reads ftrack groups.
 */
export function startReads(
  session: Session,
  events: ReadEvents,
  options: { groups?: boolean | Promise<boolean> } = {},
): CurrentStateRead {
  const reading = startCurrentStateRead(session, {
    groups: options.groups ?? false,
    onProgress: (progress) => events.onReadProgress?.(progress),
  });
  reading.directory.catch(() => undefined); // a failure is also the state's
  const state = reading.state.finally(() => events.onReadEnd?.());
  return { directory: reading.directory, state };
}

/** Reads the whole current state through `session`. */
export function readCurrentState(
  session: Session,
  events: ReadEvents,
  options: { groups?: boolean } = {},
): Promise<CurrentState> {
  return startReads(session, events, options).state;
}
