export {
  checkConfigDocuments,
  checkConfigFiles,
  loadCheckedConfig,
  loadConfig,
  type CheckedConfig,
  type CheckedConfigFiles,
  type LoadedConfig,
} from './load.js';
export { computeConfigDigest } from './digest.js';
export { readConfigFiles, MAX_FILE_BYTES, DEFAULT_CONFIG_PATH } from './read.js';
export { parseConfigFile } from './parse.js';
export { validateConfig } from './validate.js';
export { loadSchema, SCHEMA_ID } from './schema.js';
export { configRules, checkConfigRules } from './rules/index.js';
export type * from './types.js';
