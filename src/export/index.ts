export type * from './types.js';
export { collectExport } from './collect-export.js';
export {
  EXPORT_HEADER,
  renderExportDocument,
  renderExportFiles,
  scopeValue,
} from './render-export.js';
export {
  DEFAULT_EXPORT_SPLIT,
  EXPORT_SPLITS,
  USERS_PER_FILE,
  splitUsers,
  type ExportSplit,
} from './split-users.js';
