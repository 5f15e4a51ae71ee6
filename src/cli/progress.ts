import type { FetchProgress } from '../current/index.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { sortDiagnostics } from '../diagnostics/index.js';
import type { PlanEvents } from '../pipeline/events.js';
import { render } from '../render/index.js';
import { useColor, type CliIo } from './io.js';

export interface ProgressReporter {
  update(progress: FetchProgress): void;
  /** Draws the line from now on (a held reporter counts without drawing until then). */
  show(): void;
  /** Clears the line; a later update starts a new one (a second read). */
  done(): void;
}

/**
 * A single updating progress line on stderr, only when stderr is a terminal. A `held` one
 * draws nothing until `show()`: the plan pipeline reads while the config is checked, and
 * the config's diagnostics must not be printed into a progress line.
 */
export function progressReporter(
  io: CliIo,
  label = 'Reading ftrack',
  options: { held?: boolean } = {},
): ProgressReporter {
  if (!io.stderrIsTTY)
    return { update: () => undefined, show: () => undefined, done: () => undefined };
  const counts = new Map<string, number>();
  let held = options.held === true;
  let shown = false;
  const draw = (): void => {
    if (held || counts.size === 0) return;
    const parts = [...counts].map(([table, rows]) => `${table} ${rows}`);
    io.stderr(`\r\u001b[2K${label}: ${parts.join(', ')}`);
    shown = true;
  };
  return {
    update(progress) {
      counts.set(progress.table, progress.rows);
      draw();
    },
    show() {
      held = false;
      draw();
    },
    done() {
      if (shown) io.stderr('\r\u001b[2K');
      shown = false;
      counts.clear();
    },
  };
}

/** Diagnostics on stderr (coloured on a terminal without NO_COLOR); nothing when empty. */
export function reportDiagnostics(
  io: CliIo,
  diagnostics: readonly Diagnostic[],
  files: readonly string[],
): void {
  if (diagnostics.length === 0) return;
  io.stderr(
    render(
      'diagnostics',
      'text',
      { diagnostics: sortDiagnostics(diagnostics), files },
      { color: useColor(io, 'stderr') },
    ),
  );
}

/**
 * The events of a pipeline on the terminal: the progress line of the reads (held until the
 * config is valid when `held`), and diagnostics on stderr.
 */
export function terminalEvents(io: CliIo, options: { held?: boolean } = {}): PlanEvents {
  const progress = progressReporter(io, undefined, options);
  return {
    onReadProgress: (p) => progress.update(p),
    onReadEnd: () => progress.done(),
    onConfigValid: () => progress.show(),
    onDiagnostics: (diagnostics, files) => reportDiagnostics(io, diagnostics, files),
  };
}
