/**
 * The formats of every view, as plain data: the commands offer these as `--format`
 * choices without loading the renderers. The registry (index.ts) is checked against them
 * when compiled.
 */
export const FORMATS = {
  plan: ['text', 'json', 'markdown', 'github', 'codequality'],
  /** A run of `plan`, failed or not (render/plan-run.ts): the formats that show a failure. */
  planRun: ['github', 'markdown', 'codequality'],
  drift: ['text', 'json', 'markdown'],
  explain: ['text', 'json'],
  diagnostics: ['text', 'json', 'github', 'codequality'],
  catalog: ['json'],
  export: ['yaml'],
  doctor: ['text', 'json'],
  adopt: ['text', 'json'],
  accessReview: ['json', 'csv', 'html'],
} as const;

export type ViewName = keyof typeof FORMATS;
export type FormatOf<V extends ViewName> = (typeof FORMATS)[V][number];

export type PlanFormat = FormatOf<'plan'>;
export type DriftFormat = FormatOf<'drift'>;
export type ExplainFormat = FormatOf<'explain'>;
export type DiagnosticsFormat = FormatOf<'diagnostics'>;
export type AdoptFormat = FormatOf<'adopt'>;
export type AccessReviewFormat = FormatOf<'accessReview'>;

/** `show` renders a saved plan with the plan view: these of its formats, `text` first. */
export const SHOW_FORMATS = ['text', 'markdown', 'json'] as const satisfies readonly PlanFormat[];
export type ShowFormat = (typeof SHOW_FORMATS)[number];
