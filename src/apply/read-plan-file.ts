import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ConfigError, UsageError, type Diagnostic } from '../diagnostics/index.js';
import { parsePlan, type Plan } from '../plan/index.js';
import { normalizeServerUrl } from '../session/index.js';
import { APPLY_CODES } from './codes.js';

/**
 * Reads a saved plan (`plan --out FILE`): JSON, a known `format_version` and the plan
 * schema (schema/plan.v1.schema.json), else a ConfigError (exit 1).
 */
export async function readPlanFile(file: string, cwd: string): Promise<Plan> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw planFileError(
      file,
      APPLY_CODES.unreadable,
      `Cannot read the plan file (${typeof code === 'string' ? code : 'unreadable'})`,
      'Write it with `ftrack-roles plan --out FILE` and pass that path to --plan.',
    );
  }
  return parsePlan(text, file);
}

/** Refuses a plan made against another server (URLs compared after normalisation). */
export function checkPlanServer(plan: Plan, server: string, file: string): void {
  const planned = comparableUrl(plan.server);
  if (planned === comparableUrl(server)) return;
  throw planFileError(
    file,
    APPLY_CODES.otherServer,
    `The plan was made for the server ${plan.server}, not ${server}`,
    'Apply it against the server it was planned for, or plan again against this one.',
  );
}

/** Refuses a plan made for another API user (its lock-out check was about that user). */
export function checkPlanApiUser(plan: Plan, apiUser: string, file: string): void {
  if (plan.api_user === apiUser) return;
  throw planFileError(
    file,
    APPLY_CODES.otherApiUser,
    `The plan was made for the API user "${plan.api_user}", not "${apiUser}"`,
    `Apply it as "${plan.api_user}", or plan again as "${apiUser}".`,
  );
}

/** A URL in the form the session uses (lower-case host, default port dropped, no trailing slash). */
export function comparableUrl(text: string): string {
  try {
    return normalizeServerUrl(text, true);
  } catch (error) {
    if (error instanceof UsageError) return text.trim().replace(/\/+$/, '');
    throw error;
  }
}

/** A ConfigError about the plan file, with one diagnostic pointing at it. */
export function planFileError(
  file: string,
  code: string,
  summary: string,
  hint: string,
): ConfigError {
  const diagnostic: Diagnostic = {
    severity: 'error',
    code,
    summary,
    hint,
    source: { file, line: 1, col: 1 },
  };
  return new ConfigError(`${file}: ${summary}. ${hint}`, [diagnostic]);
}
