export type * from './types.js';
export { collectExport } from './collect-export.js';
export { renderExportDocument, renderExportFiles, scopeValue } from './render-export.js';
