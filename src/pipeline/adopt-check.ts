import type { CurrentState } from '../current/index.js';
import type { DesiredState } from '../desired/index.js';
import { ConfigError, InternalError, type Diagnostic } from '../diagnostics/index.js';
import { dropExpiredGrants, PLAN_CODES, planChanges } from '../plan/index.js';
import type { AdoptChange, AdoptNote } from '../report/adopt-types.js';
import { buildDriftReport, type DriftDifference, type DriftReport } from '../report/index.js';
import type { AdoptSourceFile } from './adopt-files.js';
import type { PlanEvents } from './events.js';
import { desiredFromTexts } from './load-desired.js';

/**
 * The check of an adopt change before it is shown or written: the edited config is read,
 * checked and planned again against the same server state (in memory, nothing is sent),
 * and its drift compared with the drift adopted.
 */

export interface AdoptCheckInput {
  files: readonly AdoptSourceFile[];
  texts: ReadonlyMap<string, string>;
  current: CurrentState;
  apiUser: string;
  now: Date;
  /** The desired state and drift the change was made from. */
  desired: DesiredState;
  drift: DriftReport;
}

export interface AdoptCheck {
  /** Differences the change would add (users it did not adopt). */
  added: DriftDifference[];
  /** Roles the files name after the change and did not before. */
  newlyMentioned: Set<string>;
  /** Differences left for (user, role) pairs the change completes. */
  left: DriftDifference[];
  /** Differences of others that the change makes go away. */
  notes: AdoptNote[];
}

/** Differences the drift of a config that does not match the server reports as findings. */
const FINDINGS = new Set<string>([PLAN_CODES.unknownUser, PLAN_CODES.unknownProject]);

const key = (d: DriftDifference) => `${d.user}\0${d.role ?? ''}\0${d.kind}`;

export function checkAdoptedConfig(
  input: AdoptCheckInput,
  complete: readonly AdoptChange[],
  events: PlanEvents,
): AdoptCheck {
  const files = [
    ...input.files.map((f) => {
      const text = input.texts.get(f.path);
      return text === undefined ? f : { ...f, text, bytes: new TextEncoder().encode(text) };
    }),
    ...[...input.texts]
      .filter(([path]) => !input.files.some((f) => f.path === path))
      .map(([path, text]) => ({ path, text, bytes: new TextEncoder().encode(text) })),
  ];
  const loaded = desiredFromTexts(files, input.now);
  if (loaded.desired === undefined) refuse(loaded.diagnostics, files, events);
  const desired = loaded.desired!;
  const result = planChanges({
    desired,
    current: input.current,
    apiUser: input.apiUser,
    now: input.now,
  });
  refuse(
    result.diagnostics.filter((d) => !FINDINGS.has(d.code)),
    files,
    events,
  );
  const today = dropExpiredGrants(desired, input.now).desired;
  const after = buildDriftReport({ plan: result.plan, desired: today, current: input.current });
  const before = new Set(input.drift.differences.map(key));
  const now = new Set(after.differences.map(key));
  const done = new Set(complete.map((c) => `${c.user}\0${c.role}`));
  const adopted = new Set(complete.map((c) => c.user));
  return {
    added: after.differences.filter((d) => !before.has(key(d))),
    newlyMentioned: new Set(
      [...desired.mentionedRoles.keys()].filter((r) => !input.desired.mentionedRoles.has(r)),
    ),
    left: after.differences.filter((d) => done.has(`${d.user}\0${d.role ?? ''}`)),
    notes: input.drift.differences
      .filter((d) => !now.has(key(d)) && !adopted.has(d.user))
      .map((d) => ({
        user: d.user,
        role: d.role,
        summary: `drift no longer reports it after this change (it was ${d.kind})`,
      })),
  };
}

/** An error in the edited config: a bug of adopt, shown with its diagnostics. */
function refuse(
  diagnostics: readonly Diagnostic[],
  files: readonly { path: string }[],
  events: PlanEvents,
): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return;
  events.onDiagnostics?.(
    errors,
    files.map((f) => f.path),
  );
  throw new ConfigError(
    'The change adopt made would leave the config invalid; nothing was written (please report this).',
    errors,
  );
}

/** A difference still there for a role the change was to bring in sync: a bug of adopt. */
export function assertInSync(check: AdoptCheck): void {
  if (check.left.length === 0 && check.added.length === 0) return;
  const shown = [...check.left, ...check.added]
    .map((d) => `${d.user} / ${d.role ?? '-'} (${d.kind})`)
    .join(', ');
  throw new InternalError(`adopt: the change does not give the drift intended: ${shown}`);
}
