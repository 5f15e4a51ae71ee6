import type { ErrorObject } from 'ajv/dist/2020.js';
import {
  describeExpectedType,
  describePath,
  describeValueType,
  quoteShort,
} from './describe-path.js';
import { didYouMean } from '../model/suggest.js';
import type { NodePath } from '../model/document.js';

export interface SchemaProblem {
  error: ErrorObject;
  /** The path of the node the error is about. */
  path: (string | number)[];
  data: unknown;
  root: unknown;
}

export interface SchemaMessage {
  code: string;
  summary: string;
  hint?: string;
  /** Where to point, when not at `path` itself. */
  path?: NodePath;
  part?: 'key' | 'value';
}

const SCOPE_FORMS =
  "write all-open, a list of projects such as [nebula, 'show_*'], or { all_open: true, projects: [falcon] }";

/** A scope is the value of a role under `users.<name>.roles` or `groups.<name>.roles`. */
export function isScopePath(path: NodePath): boolean {
  return path.length === 4 && (path[0] === 'users' || path[0] === 'groups') && path[2] === 'roles';
}

export function messageFor(problem: SchemaProblem): SchemaMessage {
  const { error, path } = problem;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return unknownKey(problem, params);
  if (isScopePath(path) && ['type', 'const'].includes(error.keyword)) return invalidScope(problem);
  switch (error.keyword) {
    case 'required':
      return missingKey(path, String(params['missingProperty']));
    case 'type':
      return wrongType(problem, params['type']);
    case 'const':
      if (path.length === 1 && path[0] === 'version') return unsupportedVersion(problem.data);
      return invalidValue(problem, [params['allowedValue']]);
    case 'enum':
      return invalidValue(problem, params['allowedValues'] as unknown[]);
    case 'minLength':
    case 'pattern':
      if (path[path.length - 1] === 'until') return invalidDate(path, problem.data);
      return invalidName(path, problem.data, 'value');
    case 'propertyNames':
      return invalidName([...path, String(params['propertyName'])], params['propertyName'], 'key');
    case 'minimum':
    case 'maximum':
      return outOfRange(problem, params);
    case 'oneOf':
      return groupMembers(problem);
    case 'dependentRequired':
      return {
        code: 'FR210',
        summary: `'${String(params['property'])}' needs '${String(params['missingProperty'])}' in ${describePath(path)}`,
        hint: `add '${String(params['missingProperty'])}', or remove '${String(params['property'])}'`,
        path: [...path, String(params['property'])],
        part: 'key',
      };
    default:
      return {
        code: 'FR299',
        summary: `${describePath(path)} ${error.message ?? 'is invalid'}`,
        hint: 'see docs/format.md for the format',
      };
  }
}

function unknownKey(problem: SchemaProblem, params: Record<string, unknown>): SchemaMessage {
  const key = String(params['additionalProperty']);
  const schema = problem.error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  const allowed = Object.keys(schema?.properties ?? {});
  const suggestion = didYouMean(key, allowed, "'");
  const owner = problem.path.length === 2 && ['users', 'groups'].includes(String(problem.path[0]));
  return {
    code: 'FR201',
    summary: `unknown key '${key}'${suggestion}`,
    hint:
      owner && suggestion === ''
        ? `roles go under 'roles:' (allowed keys in ${describePath(problem.path)}: ${allowed.join(', ')})`
        : `allowed keys in ${describePath(problem.path)}: ${allowed.join(', ')}`,
    path: [...problem.path, key],
    part: 'key',
  };
}

function missingKey(path: NodePath, key: string): SchemaMessage {
  const hints: Record<string, string> = {
    version: "add 'version: 1' at the top of the file",
    roles: "add 'roles:' with the roles (write 'roles: {}' for none)",
    role: "add 'role:' with the name of the protected role",
  };
  return {
    code: 'FR202',
    summary: `missing key '${key}' in ${describePath(path)}`,
    hint: hints[key] ?? `add '${key}'`,
    part: 'key',
  };
}

function wrongType(problem: SchemaProblem, type: unknown): SchemaMessage {
  const expected = describeExpectedType(type);
  const quoted = expected === 'a string' && ['number', 'boolean'].includes(typeof problem.data);
  return {
    code: 'FR203',
    summary: `${describePath(problem.path)} must be ${expected}, found ${describeValueType(problem.data)}`,
    hint: quoted
      ? `quote the value: '${String(problem.data)}'`
      : `write ${expected} here (see docs/format.md)`,
  };
}

function invalidScope(problem: SchemaProblem): SchemaMessage {
  const [, owner, , role] = problem.path;
  const kind = problem.path[0] === 'users' ? 'user' : 'group';
  const suggestion =
    typeof problem.data === 'string' ? didYouMean(problem.data, ['all-open'], "'") : '';
  return {
    code: 'FR206',
    summary: `invalid scope for role '${String(role)}' of ${kind} '${String(owner)}': found ${describeValueType(problem.data)}${suggestion}`,
    hint: SCOPE_FORMS,
  };
}

function unsupportedVersion(data: unknown): SchemaMessage {
  return {
    code: 'FR205',
    summary: `unsupported format version ${JSON.stringify(data)}; this ftrack-roles reads version 1`,
    hint: "write 'version: 1', or upgrade ftrack-roles",
  };
}

function invalidValue(problem: SchemaProblem, allowed: unknown[]): SchemaMessage {
  const words = allowed.map((v) => String(v));
  const value = quoteShort(
    typeof problem.data === 'string' ? problem.data : JSON.stringify(problem.data),
  );
  return {
    code: 'FR204',
    summary: `invalid value '${value}' for ${describePath(problem.path)}${didYouMean(value, words, "'")}`,
    hint: `expected one of: ${words.join(', ')}`,
  };
}

function invalidName(path: NodePath, value: unknown, part: 'key' | 'value'): SchemaMessage {
  return {
    code: 'FR207',
    summary: `invalid name ${JSON.stringify(quoteShort(String(value)))} in ${describePath(path.slice(0, -1))}`,
    hint: 'names are not empty and have no leading or trailing spaces',
    path,
    part,
  };
}

/** FR211: `until` is not a date `YYYY-MM-DD` (shared with the calendar check of the rules). */
export function invalidDate(path: NodePath, value: unknown): SchemaMessage {
  return {
    code: 'FR211',
    summary: `invalid date ${JSON.stringify(quoteShort(String(value)))} for ${describePath(path)}: expected YYYY-MM-DD`,
    hint: "write a calendar date such as 'until: 2026-12-01' (UTC; the grant ends on that day)",
    path,
    part: 'value',
  };
}

function outOfRange(problem: SchemaProblem, params: Record<string, unknown>): SchemaMessage {
  return {
    code: 'FR208',
    summary: `${describePath(problem.path)} must be ${String(params['comparison'])} ${String(params['limit'])}, found ${describeValueType(problem.data)}`,
    hint: `write a number ${String(params['comparison'])} ${String(params['limit'])}`,
  };
}

function groupMembers(problem: SchemaProblem): SchemaMessage {
  const name = String(problem.path[problem.path.length - 1]);
  const data = problem.data as Record<string, unknown> | null;
  const both = data !== null && typeof data === 'object' && 'members' in data;
  return both
    ? {
        code: 'FR209',
        summary: `group '${name}' has both 'members' and 'ftrack_group'`,
        hint: 'keep one: list the members, or read them from the ftrack group',
        path: [...problem.path, 'ftrack_group'],
        part: 'key',
      }
    : {
        code: 'FR209',
        summary: `group '${name}' has neither 'members' nor 'ftrack_group'`,
        hint: "add 'members: [...]' or 'ftrack_group: <name of an ftrack group>'",
        part: 'key',
      };
}
