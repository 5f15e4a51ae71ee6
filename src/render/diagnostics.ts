import type { Diagnostic, DiagnosticsReport, Severity } from '../diagnostics/index.js';
import { formatSourceRef } from '../model/index.js';
import type { Renderer } from './options.js';

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
export const renderDiagnosticsText: Renderer<DiagnosticsReport> = (
  { diagnostics, files },
  options,
) => {
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
  lines.push(summarizeDiagnostics(diagnostics, files.length));
  return `${lines.join('\n')}\n`;
};

/** One diagnostic in the JSON view (docs/format.md). */
export interface DiagnosticJson {
  severity: Severity;
  code: string;
  summary: string;
  detail: string | null;
  hint: string | null;
  file: string | null;
  line: number | null;
  col: number | null;
}

/** The JSON view's model (`validate --format json`, and the API's `validate`). */
export interface DiagnosticsJson {
  format_version: 1;
  valid: boolean;
  error_count: number;
  warning_count: number;
  files: string[];
  diagnostics: DiagnosticJson[];
  summary: string;
}

/** The model of the JSON view: a versioned, documented contract (docs/format.md). */
export function diagnosticsJson({ diagnostics, files }: DiagnosticsReport): DiagnosticsJson {
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  return {
    format_version: 1,
    valid: count('error') === 0,
    error_count: count('error'),
    warning_count: count('warning'),
    files: [...files],
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
    summary: summarizeDiagnostics(diagnostics, files.length),
  };
}

/** The JSON view: a versioned, documented contract (docs/format.md). */
export const renderDiagnosticsJson: Renderer<DiagnosticsReport> = (report) =>
  `${JSON.stringify(diagnosticsJson(report), null, 2)}\n`;

const escapeData = (text: string) =>
  text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** One diagnostic as a GitHub Actions workflow command (an annotation), escaped. */
export function githubAnnotation(d: Diagnostic): string {
  const props = [
    ...(d.source === undefined
      ? []
      : [`file=${escapeProperty(d.source.file)}`, `line=${d.source.line}`, `col=${d.source.col}`]),
    `title=${escapeProperty(d.code)}`,
  ];
  const message = [d.summary, d.detail, d.hint === undefined ? undefined : `hint: ${d.hint}`]
    .filter((part): part is string => part !== undefined)
    .join('\n');
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}`;
}

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`. */
export const renderDiagnosticsGithub: Renderer<DiagnosticsReport> = ({ diagnostics, files }) => {
  const lines = diagnostics.map(githubAnnotation);
  lines.push(summarizeDiagnostics(diagnostics, files.length));
  return `${lines.join('\n')}\n`;
};
