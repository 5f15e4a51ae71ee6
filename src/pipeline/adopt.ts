import { compareStrings } from '../model/index.js';
import { proposeAdoption, type AdoptProposal } from '../report/adopt.js';
import { newlyOwnedSkip } from '../report/adopt-skips.js';
import {
  ADOPT_FORMAT_VERSION,
  type AdoptChange,
  type AdoptReport,
  type AdoptSkip,
} from '../report/adopt-types.js';
import { buildDriftReport } from '../report/index.js';
import { assertInSync, checkAdoptedConfig, type AdoptCheck } from './adopt-check.js';
import {
  checkAddTarget,
  editFiles,
  filePatches,
  readConfigAgain,
  writeEditedFiles,
  type EditedFiles,
} from './adopt-files.js';
import { readAuditInputs, type AuditInput, type AuditInputs } from './audit.js';
import type { PlanEvents } from './events.js';

export interface AdoptOptions {
  /** `--write`: write the files (else the change is only shown). */
  write: boolean;
  /** `--add-undeclared FILE`: add undeclared holders under `users:` in this file. */
  addUndeclared?: string;
}

/**
 * `adopt`: the drift turned into a change of the config files. Reads the config and the
 * server as `drift` does (read-only), proposes the entries' new roles (report/adopt.ts),
 * edits the files' texts in memory (config/adopt-edit.ts), plans the edited config again
 * against the same server state to check that the adopted users are in sync and nobody
 * else drifts, and writes the files only when asked. Throws before writing anything when
 * the config is invalid or changed meanwhile.
 */
export async function adoptDrift(
  input: AuditInput,
  options: AdoptOptions,
  events: PlanEvents = {},
): Promise<AdoptReport> {
  const target =
    options.addUndeclared === undefined
      ? undefined
      : await checkAddTarget(input.paths, input.cwd, options.addUndeclared);
  const inputs = await readAuditInputs(input, { showFindings: false }, events);
  const drift = buildDriftReport(inputs);
  const files = await readConfigAgain(
    input.paths,
    {
      cwd: input.cwd,
      ...(input.maxFileBytes === undefined ? {} : { maxFileBytes: input.maxFileBytes }),
    },
    inputs.plan.config_digest,
  );
  const now = input.now();
  const proposal = proposeAdoption({
    desired: inputs.desired,
    current: inputs.current,
    drift,
    addUndeclared: target !== undefined,
  });
  const attempt = (p: AdoptProposal) => {
    const edited = editFiles(files, p, target);
    const complete = edited.changes.filter((c) => isComplete(p, c));
    const check = checkAdoptedConfig(
      {
        files,
        texts: edited.texts,
        current: inputs.current,
        apiUser: inputs.plan.api_user,
        now,
        desired: inputs.desired,
        drift,
      },
      complete,
      events,
    );
    return { edited, check };
  };
  let { edited, check } = attempt(proposal);
  const extra: AdoptSkip[] = [];
  if (check.added.length > 0) {
    // A role the files did not name becomes owned: its other holders would lose it.
    const blamed = rolesTakenFromOthers(check);
    extra.push(...blamedSkips(proposal, blamed));
    ({ edited, check } = attempt(withoutRoles(proposal, blamed)));
  }
  assertInSync(check);
  const patches = filePatches(files, edited.texts);
  if (options.write) await writeEditedFiles(input.cwd, files, edited.texts);
  return buildReport(inputs, edited, [...proposal.skipped, ...extra], check, {
    files: patches,
    written: options.write && patches.length > 0,
  });
}

function isComplete(proposal: AdoptProposal, change: AdoptChange): boolean {
  const entries = [...proposal.entries, ...proposal.newUsers];
  const entry = entries.find((e) => e.user === change.user);
  return entry?.roles.find((r) => r.role === change.role)?.complete === true;
}

/** Newly named roles that new differences are about: role → the users who would lose it. */
function rolesTakenFromOthers(check: AdoptCheck): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of check.added) {
    if (d.role === null || !check.newlyMentioned.has(d.role)) continue;
    out.set(d.role, [...new Set([...(out.get(d.role) ?? []), d.user])].sort(compareStrings));
  }
  return out;
}

function blamedSkips(proposal: AdoptProposal, blamed: ReadonlyMap<string, string[]>): AdoptSkip[] {
  return [...proposal.entries, ...proposal.newUsers].flatMap((entry) =>
    entry.roles
      .filter((r) => blamed.has(r.role))
      .map((r) => newlyOwnedSkip(entry.user, r.role, blamed.get(r.role)!)),
  );
}

function withoutRoles(
  proposal: AdoptProposal,
  roles: ReadonlyMap<string, string[]>,
): AdoptProposal {
  const keep = <T extends { roles: { role: string }[] }>(entry: T): T => ({
    ...entry,
    roles: entry.roles.filter((r) => !roles.has(r.role)),
  });
  return {
    entries: proposal.entries.map(keep).filter((e) => e.roles.length > 0),
    newUsers: proposal.newUsers.map(keep).filter((e) => e.roles.length > 0),
    skipped: proposal.skipped,
  };
}

function buildReport(
  inputs: AuditInputs,
  edited: EditedFiles,
  skipped: AdoptSkip[],
  check: AdoptCheck,
  extra: { files: AdoptReport['files']; written: boolean },
): AdoptReport {
  const changes = [...edited.changes].sort(
    (a, b) => compareStrings(a.user, b.user) || compareStrings(a.role, b.role),
  );
  const notAdopted = [...skipped, ...edited.skipped].sort(
    (a, b) => compareStrings(a.user, b.user) || compareStrings(a.role ?? '', b.role ?? ''),
  );
  return {
    format_version: ADOPT_FORMAT_VERSION,
    server: inputs.plan.server,
    api_user: inputs.plan.api_user,
    config_digest: inputs.plan.config_digest,
    state_digest: inputs.plan.state_digest,
    written: extra.written,
    changes,
    files: extra.files,
    not_adopted: notAdopted,
    notes: check.notes,
    summary: {
      users: new Set(changes.map((c) => c.user)).size,
      changes: changes.length,
      files: extra.files.length,
      not_adopted: notAdopted.length,
    },
  };
}
