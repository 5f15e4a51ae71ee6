/**
 * The formats of every view, as plain data: the commands offer these as `--format`
 * choices without loading the renderers. The registry (index.ts) is checked against them
 * when compiled.
 */
export const FORMATS = {
  plan: ['text', 'json', 'markdown'],
  drift: ['text', 'json', 'markdown'],
  explain: ['text', 'json'],
  diagnostics: ['text', 'json', 'github'],
  catalog: ['json'],
  export: ['yaml'],
  doctor: ['text', 'json'],
} as const;

export type ViewName = keyof typeof FORMATS;
export type FormatOf<V extends ViewName> = (typeof FORMATS)[V][number];

export type PlanFormat = FormatOf<'plan'>;
export type DriftFormat = FormatOf<'drift'>;
export type ExplainFormat = FormatOf<'explain'>;
export type DiagnosticsFormat = FormatOf<'diagnostics'>;
