import type { Catalog } from '../current/index.js';
import type { DiagnosticsReport } from '../diagnostics/index.js';
import type { Plan } from '../plan/index.js';
import type { DoctorReport, DriftReport, Explanation, ExportModel } from '../report/index.js';
import {
  renderDiagnosticsGithub,
  renderDiagnosticsJson,
  renderDiagnosticsText,
} from './diagnostics.js';
import {
  renderDiagnosticsCodequality,
  renderPlanCodequality,
  renderPlanRunCodequality,
} from './codequality.js';
import { renderAdoptText } from './adopt-text.js';
import { renderDoctorText } from './doctor-text.js';
import { renderDriftMarkdown } from './drift-markdown.js';
import { renderDriftText } from './drift-text.js';
import { renderExplainText } from './explain-text.js';
import { renderExportDocument } from './export-yaml.js';
import { renderPlanRunMarkdown } from './failure-markdown.js';
import { FORMATS, type FormatOf, type ViewName } from './formats.js';
import { renderJson, type Renderer, type RenderOptions } from './options.js';
import { renderPlanGithub, renderPlanRunGithub } from './plan-github.js';
import { renderPlanJson } from './plan-json.js';
import { renderPlanMarkdown } from './plan-markdown.js';
import type { PlanRun } from './plan-run.js';
import { renderPlanText } from './plan-text.js';
import type { AdoptReport } from '../report/adopt-types.js';
import type { AccessReview } from '../report/access-review-types.js';
import { renderAccessReviewCsv } from './access-review-csv.js';
import { renderAccessReviewJson } from './access-review-digest.js';
import { renderAccessReviewHtml } from './access-review-html.js';

/**
 * The render stage: every output of every command is a view of one versioned model, in
 * one registry, each view a pure `(model, options) => string` (knip's reporters,
 * Terraform's views). A new format is a new entry here (and in formats.ts).
 */

/** The model each view renders. */
export interface ViewModels {
  plan: Plan;
  planRun: PlanRun;
  drift: DriftReport;
  explain: Explanation;
  diagnostics: DiagnosticsReport;
  catalog: Catalog;
  export: ExportModel;
  doctor: DoctorReport;
  adopt: AdoptReport;
  accessReview: AccessReview;
}

type Registry = {
  [V in ViewName]: { readonly [F in FormatOf<V>]: Renderer<ViewModels[V]> };
};

export const renderers: Registry = {
  plan: {
    text: renderPlanText,
    json: renderPlanJson,
    markdown: renderPlanMarkdown,
    github: renderPlanGithub,
    codequality: renderPlanCodequality,
  },
  planRun: {
    github: renderPlanRunGithub,
    markdown: renderPlanRunMarkdown,
    codequality: renderPlanRunCodequality,
  },
  drift: { text: renderDriftText, json: renderJson, markdown: renderDriftMarkdown },
  explain: { text: renderExplainText, json: renderJson },
  diagnostics: {
    text: renderDiagnosticsText,
    json: renderDiagnosticsJson,
    github: renderDiagnosticsGithub,
    codequality: renderDiagnosticsCodequality,
  },
  catalog: { json: renderJson },
  export: { yaml: renderExportDocument },
  doctor: { text: renderDoctorText, json: renderJson },
  adopt: { text: renderAdoptText, json: renderJson },
  accessReview: {
    json: renderAccessReviewJson,
    csv: renderAccessReviewCsv,
    html: renderAccessReviewHtml,
  },
};

/** Renders a model in one of its view's formats. */
export function render<V extends ViewName>(
  view: V,
  format: FormatOf<V>,
  model: ViewModels[V],
  options: RenderOptions = {},
): string {
  const renderer = (renderers[view] as Record<string, Renderer<ViewModels[V]>>)[format];
  if (renderer === undefined) throw new Error(`internal: no ${format} view of ${view}`);
  return renderer(model, options);
}

/** The formats of a view (its `--format` choices). */
export function formatsOf<V extends ViewName>(view: V): readonly FormatOf<V>[] {
  return FORMATS[view];
}

export { type FormatOf, type ViewName } from './formats.js';
export type { RenderOptions } from './options.js';
export { orderedPlan, renderPlanJson } from './plan-json.js';
export { diagnosticsJson, type DiagnosticJson, type DiagnosticsJson } from './diagnostics.js';
export { MARKDOWN_MAX_LENGTH } from './plan-markdown.js';
export type { PlanRun, PlanRunFailure } from './plan-run.js';
export { describeDifference } from './drift-words.js';
export { EXPORT_HEADER, renderExportFiles } from './export-yaml.js';
export { USERS_PER_FILE, type ExportSplit } from './export-split.js';
