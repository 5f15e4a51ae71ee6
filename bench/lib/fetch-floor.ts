import { Pool } from 'undici';
import type { Studio } from './generate-studio.js';

/**
 * The page size of the floor: the CLI's own (src/session DEFAULT_PAGE_SIZE; a unit test
 * keeps the two equal), so the floor is the fewest requests at the page size the CLI uses.
 */
export const FLOOR_PAGE_SIZE = 2000;

export const FLOOR_QUERIES = {
  User: 'select id, username, is_active, user_type_id from User',
  UserType: 'select id, name from UserType',
  Project: 'select id, name, full_name, is_private, status from Project',
  SecurityRole: 'select id, name, type from SecurityRole',
  // The project grants nested in their roles, as the CLI reads them.
  UserSecurityRole:
    'select id, user_id, security_role_id, is_all_open_projects, user_security_role_projects.project_id from UserSecurityRole',
} as const;

/**
 * The same attributes the CLI reads (one paged query per table, the grants nested in their
 * roles), copied here so that the floor does not depend on the code it is compared with.
 */
export type FloorTable = keyof typeof FLOOR_QUERIES;

/** Rows per table on the server of a generated studio (the API user included). */
export function tableRowCounts(studio: Studio): Record<FloorTable, number> {
  let assignments = 1; // the API user's Administrator
  for (const user of studio.users) assignments += Object.keys(user.current).length;
  return {
    User: studio.users.length + 1,
    UserType: 3, // user, service, demo
    Project: studio.projects.length,
    SecurityRole: studio.roles.length,
    UserSecurityRole: assignments,
  };
}

export interface FloorOptions {
  url: string;
  apiUser: string;
  apiKey: string;
  counts: Record<FloorTable, number>;
  /** Rows per page (the CLI's default page size). */
  pageSize: number;
  /** Connections (the CLI's default pool size). */
  connections: number;
}

export interface FloorResult {
  requests: number;
  wallMs: number;
}

/**
 * The fetch floor: every page of every table requested at once over `connections`
 * keep-alive connections, knowing the row counts in advance (no discovery round trip),
 * bodies read as bytes and never parsed.
 */
export async function runFetchFloor(options: FloorOptions): Promise<FloorResult> {
  const pool = new Pool(options.url, { connections: options.connections });
  const headers = {
    'content-type': 'application/json',
    'ftrack-user': options.apiUser,
    'ftrack-api-key': options.apiKey,
  };
  const pages: string[] = [];
  for (const [table, rows] of Object.entries(options.counts) as [FloorTable, number][]) {
    const count = Math.max(1, Math.ceil(rows / options.pageSize));
    for (let page = 0; page < count; page++) {
      const offset = page * options.pageSize;
      const expression = `${FLOOR_QUERIES[table]} order by id offset ${offset} limit ${options.pageSize}`;
      pages.push(JSON.stringify([{ action: 'query', expression }]));
    }
  }
  const started = performance.now();
  try {
    await Promise.all(
      pages.map(async (body) => {
        const answer = await pool.request({ path: '/api', method: 'POST', headers, body });
        await answer.body.arrayBuffer();
        if (answer.statusCode !== 200) throw new Error(`floor page: HTTP ${answer.statusCode}`);
      }),
    );
    return { requests: pages.length, wallMs: performance.now() - started };
  } finally {
    await pool.close();
  }
}
