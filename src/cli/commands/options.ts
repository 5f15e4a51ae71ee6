import type {
  AccessReviewFormat,
  AdoptFormat,
  DiagnosticsFormat,
  DriftFormat,
  ExplainFormat,
  PlanFormat,
  ShowFormat,
} from '../../render/formats.js';
import type { ExportSplit } from '../../render/export-split.js';
import type { ConfigCliOptions } from '../config-flags.js';
import type { ConnectionCliOptions } from '../connection-flags.js';

/**
 * The options of each command as commander parses them: shared by the command's
 * definition (loaded at start) and its action (loaded when it runs).
 */

export interface ValidateCliOptions extends ConfigCliOptions {
  format: DiagnosticsFormat;
  catalog?: string;
}

export interface ApplyCliOptions extends ConnectionCliOptions, ConfigCliOptions {
  plan?: string;
  reviewed?: string;
  dryRun?: boolean;
  yes?: boolean;
  allowRemovals?: number;
  auditLog?: string;
  format: 'text' | 'json';
}

export interface PlanCliOptions extends ConnectionCliOptions, ConfigCliOptions {
  out?: string;
  format: PlanFormat;
  detailedExitcode?: boolean;
  allowRemovals?: number;
}

export interface EmulatorCommandOptions {
  host: string;
  port: number;
  seed?: string;
  state?: string;
}

export interface PullCliOptions extends ConnectionCliOptions {
  out?: string;
}

export interface ExplainCliOptions extends ConnectionCliOptions, ConfigCliOptions {
  user?: string;
  project?: string;
  format: ExplainFormat;
}

export interface ExportCliOptions extends ConnectionCliOptions {
  out?: string;
  users?: string;
  includeInactive?: boolean;
  force?: boolean;
  split: ExportSplit;
}

export interface DriftCliOptions extends ConnectionCliOptions, ConfigCliOptions {
  format: DriftFormat;
}

export interface ShowCliOptions {
  format: ShowFormat;
  detailedExitcode?: boolean;
}

export interface AdoptCliOptions extends ConnectionCliOptions, ConfigCliOptions {
  format: AdoptFormat;
  write?: boolean;
  addUndeclared?: string;
}

export interface ReportCliOptions extends ConnectionCliOptions, ConfigCliOptions {
  /** Given or not: with no `--format`, an `--out` file's extension names its format. */
  format?: AccessReviewFormat;
  /** Every `--out` given (repeatable). */
  out?: string[];
  manyUsers: number;
  reviewer?: string;
  auditLog?: string;
}
