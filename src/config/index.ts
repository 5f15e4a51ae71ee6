/**
 * The config stage: desired-state files → validated documents and diagnostics. Reads the
 * files (the only file-system access), parses them (yaml/: the readers and the choice
 * between them), checks them against the JSON Schema and the rules (rules/). Pure but for
 * read.ts; builds nothing (the desired stage does).
 */
export { ConfigCheck, checkConfigTexts } from './check.js';
export { ConfigDigest } from './digest.js';
export { findConfigFiles, readConfigFile, type ConfigFileText } from './read.js';
