import type { FetchProgress } from '../current/index.js';
import type { Diagnostic } from '../diagnostics/index.js';

/**
 * What a pipeline tells its caller while it runs. The pipeline never writes to a stream:
 * the CLI turns these into a progress line and diagnostics on stderr; tests and tools may
 * record them or leave them out.
 */
export interface ReadEvents {
  /** Rows read so far from one table of the server (called often). */
  onReadProgress?(progress: FetchProgress): void;
  /** The reads of the server ended, either way. */
  onReadEnd?(): void;
}

export interface ConfigEvents {
  /**
   * Diagnostics to show: the config's (with the files checked), then the plan-time ones.
   * Errors among them are shown here just before they are thrown as a ConfigError.
   */
  onDiagnostics?(diagnostics: readonly Diagnostic[], files: readonly string[]): void;
  /** The config is valid: from now on the reads' progress may be shown. */
  onConfigValid?(): void;
}

export type PlanEvents = ReadEvents & ConfigEvents;
