import { runSecurityRoleAction, isSecurityRoleAction } from './actions.js';
import { runCreate, runDelete, runUpdate } from './crud.js';
import { validationError } from './errors.js';
import type { Caller } from './permissions.js';
import { QUERY_SCHEMAS } from './schemas.js';
import { serverInformation } from './server-information.js';
import { DEFAULT_BEHAVIOUR, type ServerBehaviour } from './server-options.js';
import type { EmulatorState } from './state.js';

export interface BatchOptions {
  caller: Caller;
  /** The `strict` API option: no system projections in query answers. */
  strict: boolean;
  pageSizeLimit?: number;
  /** How unknowns are answered (default: DEFAULT_BEHAVIOUR). */
  behaviour?: ServerBehaviour;
  /** Called inside the transaction after a batch that wrote; a throw rolls the batch back. */
  persist?: () => void;
}

const WRITE_ACTIONS = new Set(['create', 'update', 'delete']);

/** True when an operation changes data (create/update/delete or a security-role action). */
export function isWriteOperation(op: unknown): boolean {
  const action = (op as { action?: unknown } | null)?.action;
  return typeof action === 'string' && (WRITE_ACTIONS.has(action) || isSecurityRoleAction(action));
}

/** Checks the request body shape: a JSON array of objects, each with a string `action`. */
export function checkOperations(body: unknown): Record<string, unknown>[] {
  if (!Array.isArray(body))
    throw validationError('The request body must be a JSON array of operations.');
  body.forEach((op, i) => {
    if (op === null || typeof op !== 'object' || Array.isArray(op)) {
      throw validationError(`Operation ${i} must be an object.`);
    }
    if (typeof (op as Record<string, unknown>)['action'] !== 'string') {
      throw validationError(`Operation ${i} has no "action".`);
    }
  });
  return body as Record<string, unknown>[];
}

/**
 * Runs a batch all-or-nothing: operations run in order, each sees the effects of the
 * earlier ones, and any error undoes the whole batch (and nothing is persisted).
 */
export function executeBatch(
  state: EmulatorState,
  body: unknown,
  options: BatchOptions,
): unknown[] {
  const operations = checkOperations(body);
  return state.store.transact(() => {
    const results = operations.map((op) => runOperation(state, op, options));
    if (state.store.dirty) options.persist?.();
    return results;
  });
}

function runOperation(
  state: EmulatorState,
  op: Record<string, unknown>,
  options: BatchOptions,
): unknown {
  const action = op['action'] as string;
  const store = state.store;
  const behaviour = options.behaviour ?? DEFAULT_BEHAVIOUR;
  switch (action) {
    case 'query_server_information':
      return serverInformation(options.caller, op['values']);
    case 'query_schemas':
      return QUERY_SCHEMAS;
    case 'query': {
      const expression = op['expression'];
      if (typeof expression !== 'string')
        throw validationError('"query" needs an "expression" string.');
      return state.queries.run(expression, {
        strict: options.strict,
        collation: behaviour.collation,
        ...(options.pageSizeLimit !== undefined ? { pageSizeLimit: options.pageSizeLimit } : {}),
      });
    }
    case 'create':
      return runCreate(store, options.caller, op, behaviour.collation);
    case 'update':
      return runUpdate(store, options.caller, op, behaviour.collation);
    case 'delete':
      return runDelete(store, options.caller, op);
    default:
      if (isSecurityRoleAction(action))
        return runSecurityRoleAction(store, options.caller, action, op, behaviour);
      throw validationError(`Invalid action '${action}'`);
  }
}
