import type { CurrentState } from '../current/index.js';
import type { DesiredState } from '../desired/index.js';
import { UsageError } from '../diagnostics/index.js';
import {
  buildDriftReport,
  explainProject,
  explainUser,
  type DriftReport,
  type Explanation,
} from '../report/index.js';
import { didYouMean } from '../model/suggest.js';
import { dropExpiredGrants, PLAN_CODES, type Plan } from '../plan/index.js';
import type { PlanEvents } from './events.js';
import { planConfig, type PlanConfigInput } from './plan-config.js';

/** Plan-time errors that drift and explain report as findings instead of failing. */
const AUDIT_FINDINGS: ReadonlySet<string> = new Set([
  PLAN_CODES.unknownUser,
  PLAN_CODES.unknownProject,
]);

export type AuditInput = Omit<PlanConfigInput, 'findings' | 'keepDesired' | 'allowRemovals'>;

export interface AuditInputs {
  /** The desired state as of today (ended `until:` grants dropped). */
  desired: DesiredState;
  current: CurrentState;
  plan: Plan;
  files: string[];
}

/**
 * The front of `drift` and `explain`: the plan pipeline, read-only. Unlike `plan`, a
 * declared user or project missing on the server is a finding, not an error (drift
 * reports it; explain shows it as a warning); every other error still fails (exit 1).
 */
export async function readAuditInputs(
  input: AuditInput,
  options: { showFindings: boolean },
  events: PlanEvents = {},
): Promise<AuditInputs> {
  const result = await planConfig(
    {
      ...input,
      findings: { codes: AUDIT_FINDINGS, show: options.showFindings },
      keepDesired: true,
    },
    events,
  );
  await result.session.close();
  if (result.desired === undefined) throw new Error('internal: the desired state was not kept');
  // What is desired today: grants whose `until:` day has come no longer count.
  const desired = dropExpiredGrants(result.desired, input.now()).desired;
  return { desired, current: result.current, plan: result.plan, files: result.files };
}

/** `drift`: how the server differs from the config, each difference classified. */
export async function reportDrift(
  input: AuditInput,
  events: PlanEvents = {},
): Promise<DriftReport> {
  return buildDriftReport(await readAuditInputs(input, { showFindings: false }, events));
}

/** What `explain` is asked about: exactly one of a user or a project. */
export type ExplainSubject = { user: string } | { project: string };

/**
 * `explain`: a user's roles or a project's holders, desired and current, with why. A name
 * neither the server nor the config knows is a usage error, with "did you mean".
 */
export async function explainAccess(
  input: AuditInput,
  subject: ExplainSubject,
  events: PlanEvents = {},
): Promise<Explanation> {
  const inputs = await readAuditInputs(input, { showFindings: true }, events);
  if ('user' in subject) {
    const view = explainUser(inputs, subject.user);
    if (!view.on_server && !view.declared) {
      const names = inputs.current.users.map((u) => u.username);
      throw new UsageError(
        `Unknown user "${subject.user}": not on the server and not in the config${didYouMean(subject.user, names)}.`,
      );
    }
    return view;
  }
  const view = explainProject(inputs, subject.project);
  if (!view.project.exists && view.access.length === 0) {
    const names = inputs.current.projects.map((p) => p.name);
    throw new UsageError(
      `Unknown project "${subject.project}": not on the server and not in the config${didYouMean(subject.project, names)}.`,
    );
  }
  return view;
}
