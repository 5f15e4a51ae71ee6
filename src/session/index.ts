export { ApiKey, redactError, redactText } from './api-key.js';
export {
  isLoopbackHost,
  normalizeServerUrl,
  resolveConnection,
  type ConnectionOptions,
  type ConnectionSettings,
  type ResolveDependencies,
} from './connection.js';
export {
  assertPageable,
  DEFAULT_PAGE_CONCURRENCY,
  DEFAULT_PAGE_SIZE,
  queryAll,
  queryPages,
  type QueryAllOptions,
  type QueryRunner,
} from './paging.js';
export { InconsistentPagingError, queryPagesAsTheyCome } from './paging-unordered.js';
export {
  chunk,
  id,
  idIn,
  idList,
  ident,
  literal,
  query,
  quote,
  QueryText,
  UnsafeQueryValueError,
  type QueryValue,
} from './query.js';
export { readQueryResult } from './query-result.js';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry.js';
export {
  isWriteBatch,
  openSession,
  Session,
  type CallOptions,
  type SessionOptions,
  type SessionTimeouts,
} from './session.js';
