import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { fetchCurrentState, type CurrentState } from '../../current/index.js';
import { dropExpiredGrants } from '../../desired/expiry.js';
import type { DesiredState } from '../../desired/types.js';
import { ConfigError, hasErrors, type Diagnostic } from '../../diagnostics/index.js';
import { buildDriftReport, renderDrift, type DriftFormat } from '../../drift/index.js';
import { PLAN_CODES, planChanges, type Plan } from '../../plan/index.js';
import { openSession } from '../../session/index.js';
import {
  addConnectionOptions,
  connectionFromOptions,
  progressReporter,
  type ConnectionCliOptions,
} from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { reportDiagnostics } from '../plan-pipeline.js';

const EXAMPLES = `
Examples:
  $ ftrack-roles drift                              # checks ./access against $FTRACK_SERVER
  $ ftrack-roles drift access/ --format markdown > drift.md
  $ ftrack-roles drift --format json | jq '.summary'

Each difference is classified: not-applied (desired, missing on the server),
changed-on-server (held, not desired), inactive-user, unknown-user (declared, not on the
server), closed-project, deleted-project (named in the config, not on the server). Users
outside the managed set who hold roles are listed as unmanaged (information, not drift).

Exit status: 0 in sync, 2 drift found, 1 error (invalid config, server or network error).
`;

/** Plan-time errors that drift and explain report as findings instead of failing. */
const FINDINGS = new Set<string>([PLAN_CODES.unknownUser, PLAN_CODES.unknownProject]);

export interface AuditInputs {
  /** The desired state as of today (ended `until:` grants dropped). */
  desired: DesiredState;
  current: CurrentState;
  plan: Plan;
  files: string[];
}

/**
 * The front of `drift` and `explain`: load the config, read the server, plan. Unlike
 * `plan`, a declared user or project missing on the server is a finding, not an error
 * (drift reports it; explain shows it); every other error still fails (exit 1).
 */
export async function runAuditPipeline(
  io: CliIo,
  paths: string[],
  connection: ConnectionCliOptions,
  options: { showFindings: boolean },
): Promise<AuditInputs> {
  const loaded = await loadConfig(paths, { cwd: io.cwd });
  reportDiagnostics(io, loaded.diagnostics, loaded.files);
  if (loaded.desired === undefined || hasErrors(loaded.diagnostics)) {
    throw new ConfigError('The config is invalid; nothing was compared.', loaded.diagnostics);
  }
  const desired = loaded.desired;
  const settings = connectionFromOptions(connection, io);
  const session = openSession(settings);
  let current: CurrentState;
  try {
    const progress = progressReporter(io);
    const groups = [...desired.groups.values()].some((g) => g.ftrackGroup !== undefined);
    current = await fetchCurrentState(session, {
      groups,
      onProgress: (p) => progress.update(p),
    }).finally(() => progress.done());
  } finally {
    await session.close();
  }
  const now = io.now();
  const result = planChanges({ desired, current, apiUser: settings.apiUser, now });
  const shown = result.diagnostics.flatMap((d): Diagnostic[] =>
    !FINDINGS.has(d.code) ? [d] : options.showFindings ? [{ ...d, severity: 'warning' }] : [],
  );
  reportDiagnostics(io, shown, loaded.files);
  if (hasErrors(shown)) {
    throw new ConfigError('The config does not match the server; nothing was compared.', shown);
  }
  // What is desired today: grants whose `until:` day has come no longer count.
  const live = dropExpiredGrants(desired, now).desired;
  return { desired: live, current, plan: result.plan, files: loaded.files };
}

interface DriftCliOptions extends ConnectionCliOptions {
  format: DriftFormat;
}

/** `ftrack-roles drift [PATH...]`: the plan seen as an audit report, for a cron job. */
export function registerDriftCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('drift')
    .description(
      'Report how the ftrack server differs from the desired state, each difference classified (not applied, changed on the server, inactive or unknown user, closed or deleted project). Read-only; exit 2 on drift.',
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .addOption(
      new Option('--format <format>', 'output format on stdout')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    );
  addConnectionOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: DriftCliOptions) => {
      const inputs = await runAuditPipeline(io, paths ?? [], options, { showFindings: false });
      const report = buildDriftReport(inputs);
      io.stdout(renderDrift(report, options.format));
      setExit(report.in_sync ? EXIT.ok : EXIT.changes);
    });
}
