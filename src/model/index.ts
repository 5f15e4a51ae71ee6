/**
 * The model: domain types and the small pure helpers every stage shares, each concept in
 * one home (names and their order, source positions, scopes and their words, calendar
 * days, the config file's shape, a desired grant's projects, steps). It imports no other
 * folder of src/.
 *
 * Two homes are imported by path instead, so that a command that needs neither does not
 * load them: `model/glob.ts` (the one glob rule, on picomatch) and `model/suggest.ts`
 * ("did you mean").
 */
export * from './names.js';
export * from './source.js';
export * from './scope.js';
export * from './dates.js';
export type * from './document.js';
export { NO_PROJECTS, ProjectSources } from './project-sources.js';
export { Handover, receive } from './handover.js';
export { runSteps, runStepsWithPauses, type Steps } from './steps.js';
