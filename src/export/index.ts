export type * from './types.js';
export { collectExport } from './collect-export.js';
export {
  EXPORT_FILES,
  renderExportDocument,
  renderExportFiles,
  scopeValue,
} from './render-export.js';
