import type { Diagnostic, Severity } from '../diagnostics/index.js';
import { formatSourceRef } from '../model/index.js';

export type DiagnosticsFormat = 'text' | 'json' | 'github';

export interface DiagnosticsRenderOptions {
  /** The config files that were checked (for the summary and the JSON output). */
  files: readonly string[];
  /** ANSI colours (text only); the CLI sets it only on a TTY without NO_COLOR. */
  color?: boolean;
}

export type DiagnosticsRenderer = (
  diagnostics: readonly Diagnostic[],
  options: DiagnosticsRenderOptions,
) => string;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The closing summary line: `2 errors, 1 warning in 5 files`. */
export function summarizeDiagnostics(
  diagnostics: readonly Diagnostic[],
  fileCount: number,
): string {
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const infos = count('info');
  return (
    `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}` +
    `${infos > 0 ? `, ${plural(infos, 'note')}` : ''} in ${plural(fileCount, 'file')}`
  );
}

const ANSI = { red: 31, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;
const SEVERITY_COLOR = { error: 'red', warning: 'yellow', info: 'cyan' } as const;

/** Human text: `file:line:col: error FR201: summary`, indented detail and hint, summary. */
export const renderDiagnosticsText: DiagnosticsRenderer = (diagnostics, options) => {
  const paint = (style: keyof typeof ANSI, text: string) =>
    options.color === true ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
  const lines: string[] = [];
  for (const d of diagnostics) {
    const where = d.source === undefined ? '' : `${paint('bold', formatSourceRef(d.source))}: `;
    const label = paint(SEVERITY_COLOR[d.severity], `${d.severity} ${d.code}`);
    lines.push(`${where}${label}: ${d.summary}`);
    if (d.detail !== undefined) lines.push(`  ${d.detail}`);
    if (d.hint !== undefined) lines.push(paint('dim', `  hint: ${d.hint}`));
  }
  if (lines.length > 0) lines.push('');
  lines.push(summarizeDiagnostics(diagnostics, options.files.length));
  return `${lines.join('\n')}\n`;
};

/** The JSON view: a versioned, documented contract (docs/format.md). */
export const renderDiagnosticsJson: DiagnosticsRenderer = (diagnostics, options) => {
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const view = {
    format_version: 1,
    valid: count('error') === 0,
    error_count: count('error'),
    warning_count: count('warning'),
    files: [...options.files],
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      summary: d.summary,
      detail: d.detail ?? null,
      hint: d.hint ?? null,
      file: d.source?.file ?? null,
      line: d.source?.line ?? null,
      col: d.source?.col ?? null,
    })),
    summary: summarizeDiagnostics(diagnostics, options.files.length),
  };
  return `${JSON.stringify(view, null, 2)}\n`;
};

const escapeData = (text: string) =>
  text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`. */
export const renderDiagnosticsGithub: DiagnosticsRenderer = (diagnostics, options) => {
  const lines = diagnostics.map((d) => {
    const props = [
      ...(d.source === undefined
        ? []
        : [
            `file=${escapeProperty(d.source.file)}`,
            `line=${d.source.line}`,
            `col=${d.source.col}`,
          ]),
      `title=${escapeProperty(d.code)}`,
    ];
    const message = [d.summary, d.detail, d.hint === undefined ? undefined : `hint: ${d.hint}`]
      .filter((part): part is string => part !== undefined)
      .join('\n');
    return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}`;
  });
  lines.push(summarizeDiagnostics(diagnostics, options.files.length));
  return `${lines.join('\n')}\n`;
};

/** The diagnostics renderers by format: pure `(diagnostics, options) => string`. */
export const diagnosticsRenderers: Readonly<Record<DiagnosticsFormat, DiagnosticsRenderer>> = {
  text: renderDiagnosticsText,
  json: renderDiagnosticsJson,
  github: renderDiagnosticsGithub,
};

export function renderDiagnostics(
  format: DiagnosticsFormat,
  diagnostics: readonly Diagnostic[],
  options: DiagnosticsRenderOptions,
): string {
  return diagnosticsRenderers[format](diagnostics, options);
}
