/**
 * The config stage: desired-state files → validated documents and diagnostics. Reads the
 * files (the only file-system access), parses them (yaml/: the readers and the choice
 * between them), checks them against the JSON Schema and the rules (rules/). Pure but for
 * read.ts; builds nothing (the desired stage does).
 */
export { ConfigCheck, checkConfigTexts, type CheckedConfig } from './check.js';
export { ConfigDigest, computeConfigDigest } from './digest.js';
export {
  DEFAULT_CONFIG_PATH,
  findConfigFiles,
  MAX_FILE_BYTES,
  MIB,
  readConfigFile,
  readConfigFiles,
  type ConfigFileEntry,
  type ConfigFileText,
  type FoundConfigFiles,
} from './read.js';
export { parseConfigText } from './yaml/index.js';
export { validateConfig } from './validate.js';
export { loadSchema, SCHEMA_ID } from './schema.js';
export { configRules, checkConfigRules } from './rules/index.js';
