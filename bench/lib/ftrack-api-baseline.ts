import { Session } from '@ftrack/api';
import type { Studio } from './generate-studio.js';

export interface BaselineOptions {
  url: string;
  studio: Studio;
  /** Users queried one by one; the rest is extrapolated. All users when ≥ their number. */
  sample: number;
}

export interface BaselineResult {
  /** Users actually queried. */
  sampled: number;
  users: number;
  /**
   * Users the one `select … from User` answer listed: fewer than `users` when the server
   * caps its answers (the JS client does not page), in which case the time is
   * extrapolated to every user anyway.
   */
  listed: number;
  /** Session start (server information and schemas) and the user list (ms). */
  setupMs: number;
  /** Time of the sampled per-user queries (ms). */
  sampleMs: number;
  /** setupMs + sampleMs × users / sampled: the estimated time for every user (ms). */
  estimatedMs: number;
  /** Requests sent for the sample (setup included), and estimated for every user. */
  requests: number;
  estimatedRequests: number;
  extrapolated: boolean;
}

/**
 * Baseline (a): what a studio writes today following ftrack's documentation with the
 * official client: list the users, then one query per user for that user's roles and
 * their projects. Sequential, as such scripts are.
 */
export async function runFtrackApiBaseline(options: BaselineOptions): Promise<BaselineResult> {
  const { studio } = options;
  const started = performance.now();
  const session = new Session(options.url, studio.apiUser.username, studio.apiUser.apiKey, {
    autoConnectEventHub: false,
  });
  await session.initializing;
  const users = await session.query('select id, username from User');
  const setupMs = performance.now() - started;
  const rows = users.data as { id: string; username: string }[];
  const step = Math.max(1, Math.floor(rows.length / options.sample));
  const sample = rows.filter((_, i) => i % step === 0).slice(0, options.sample);
  const roles: Record<string, unknown[]> = {};
  const sampleStart = performance.now();
  for (const user of sample) {
    const answer = await session.query(
      'select is_all_open_projects, security_role.name, user_security_role_projects.project.name ' +
        `from UserSecurityRole where user_id is "${user.id}"`,
    );
    roles[user.username] = answer.data;
  }
  const sampleMs = performance.now() - sampleStart;
  const everyone = studio.users.length + 1; // the API user too
  const factor = everyone / sample.length;
  return {
    sampled: sample.length,
    users: everyone,
    listed: rows.length,
    setupMs,
    sampleMs,
    estimatedMs: setupMs + sampleMs * factor,
    requests: 3 + sample.length,
    estimatedRequests: 3 + everyone,
    extrapolated: sample.length < everyone,
  };
}
