import type { Plan } from '../plan/types.js';
import { renderPlanJson } from './plan-json.js';
import { renderPlanMarkdown } from './plan-markdown.js';
import type { PlanRenderOptions } from './plan-render-options.js';
import { renderPlanText } from './plan-text.js';

/** A plan view: a pure function of the plan value (knip's reporter registry). */
export type PlanRenderer = (plan: Plan, options?: PlanRenderOptions) => string;

export const PLAN_FORMATS = ['text', 'json', 'markdown'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export const planRenderers: Readonly<Record<PlanFormat, PlanRenderer>> = {
  text: renderPlanText,
  json: (plan) => renderPlanJson(plan),
  markdown: renderPlanMarkdown,
};

export function isPlanFormat(name: string): name is PlanFormat {
  return (PLAN_FORMATS as readonly string[]).includes(name);
}

/** Renders a plan in one of the registered formats. */
export function renderPlan(
  plan: Plan,
  format: PlanFormat,
  options: PlanRenderOptions = {},
): string {
  return planRenderers[format](plan, options);
}

export { renderPlanJson, orderedPlan } from './plan-json.js';
export { renderPlanMarkdown, MARKDOWN_MAX_LENGTH } from './plan-markdown.js';
export { renderPlanText } from './plan-text.js';
export { summaryLine } from './plan-words.js';
export type { PlanRenderOptions } from './plan-render-options.js';
