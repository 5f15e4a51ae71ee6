export * from './types.js';
export { CATALOG_CODES } from './codes.js';
export { buildCatalog, renderCatalogJson } from './build-catalog.js';
export { catalogToCurrentState } from './catalog-state.js';
export { checkWithCatalog } from './check-with-catalog.js';
export {
  CATALOG_SCHEMA_ID,
  loadCatalogSchema,
  parseCatalog,
  readCatalogFile,
  type CatalogReadResult,
} from './read-catalog.js';
