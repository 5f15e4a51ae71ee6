import { drift } from '../../api/audit.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/index.js';
import type { PlanEvents } from '../../pipeline/events.js';
import type { DriftReport } from '../../report/index.js';
import { render } from '../../render/index.js';
import { apiConfigInput } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { reportDiagnostics, terminalEvents } from '../progress.js';
import type { DriftCliOptions } from './options.js';

/** The action of `ftrack-roles drift`, loaded only when the command runs. */
export async function runDriftCommand(
  io: CliIo,
  paths: string[],
  options: DriftCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const events = terminalEvents(io, { held: true });
  const held = options.format === 'text' ? holdPlanWarnings(io, events) : undefined;
  let report: DriftReport;
  try {
    report = await drift({ ...apiConfigInput(io, paths, options), events: held?.events ?? events });
  } catch (error) {
    held?.release(undefined);
    throw error;
  }
  held?.release(report);
  io.stdout(render('drift', options.format, report));
  setExit(report.in_sync ? EXIT.ok : EXIT.changes);
}

/**
 * The text report lists the plan's warnings, which the pipeline also hands over as
 * diagnostics once the config is valid: on a terminal both would show. Those diagnostics
 * are held back, and only what the report does not list is printed (`release`); with an
 * error among them, or when drift fails (no report follows), they are all printed. The config's own
 * diagnostics, which the report does not list, are printed as they come.
 */
function holdPlanWarnings(io: CliIo, events: PlanEvents) {
  let configValid = false;
  const held: { diagnostics: readonly Diagnostic[]; files: readonly string[] }[] = [];
  const wrapped: PlanEvents = {
    ...events,
    onConfigValid: () => {
      configValid = true;
      events.onConfigValid?.();
    },
    onDiagnostics: (diagnostics, files) => {
      if (configValid && !hasErrors(diagnostics)) held.push({ diagnostics, files });
      else events.onDiagnostics?.(diagnostics, files);
    },
  };
  /** Prints what the report does not list (everything, without a report). */
  const release = (report: DriftReport | undefined) => {
    const listed = new Set(report?.warnings.map((w) => `${w.code} ${w.summary}`));
    for (const { diagnostics, files } of held) {
      const rest = diagnostics.filter((d) => !listed.has(`${d.code} ${d.summary}`));
      reportDiagnostics(io, rest, files);
    }
  };
  return { events: wrapped, release };
}
