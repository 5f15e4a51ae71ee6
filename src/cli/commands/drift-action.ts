import { buildDriftReport, renderDrift } from '../../drift/index.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { runAuditPipeline } from '../plan-pipeline.js';
import type { DriftCliOptions } from './drift.js';

/** The action of `ftrack-roles drift`, loaded only when the command runs. */
export async function runDriftCommand(
  io: CliIo,
  paths: string[],
  options: DriftCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const inputs = await runAuditPipeline(io, paths, options, {
    showFindings: false,
    maxFileBytes: options.maxFileSize,
  });
  const report = buildDriftReport(inputs);
  io.stdout(renderDrift(report, options.format));
  setExit(report.in_sync ? EXIT.ok : EXIT.changes);
}
