export { ApiKey, redactError, redactText } from './api-key.js';
export {
  isLoopbackHost,
  normalizeServerUrl,
  readKeyFile,
  resolveConnection,
  settingsFromValues,
  type ConnectionSettings,
} from './connection.js';
export {
  assertPageable,
  DEFAULT_PAGE_SIZE,
  queryAll,
  queryPages,
  type QueryRunner,
} from './paging.js';
export { InconsistentPagingError, queryPagesAsTheyCome } from './paging-unordered.js';
export { chunk, id, idIn, ident, literal, query, quote, UnsafeQueryValueError } from './query.js';
export { proxyRoute } from './proxy.js';
export { readQueryResult } from './query-result.js';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from './retry.js';
export { openSession, Session, type SessionOptions } from './session.js';
