import { validationError } from './errors.js';

export interface ApiOptions {
  /** Only the primary key and requested attributes in query answers. */
  strict: boolean;
  /** Do not normalise duplicate entities into references (needs `strict`). */
  denormalize: boolean;
}

/**
 * Parses `ftrack-api-options`: `key:value` or `key=value` pairs separated by `;`, values
 * 1/0/true/false in any case. The literal `undefined` (sent by some @ftrack/api versions)
 * means no options.
 */
export function parseApiOptions(header: string | undefined): ApiOptions {
  const options: ApiOptions = { strict: false, denormalize: false };
  if (header === undefined || header.trim() === '' || header.trim() === 'undefined') return options;
  for (const part of header.split(';')) {
    if (part.trim() === '') continue;
    const match = /^\s*([A-Za-z_]+)\s*[:=]\s*([A-Za-z0-9]+)\s*$/.exec(part);
    if (match === null)
      throw validationError(
        `Malformed ftrack-api-options entry "${part.trim()}"; expected key=value.`,
      );
    const key = match[1]!;
    const value = match[2]!.toLowerCase();
    if (key !== 'strict' && key !== 'denormalize') {
      throw validationError(
        `Unknown ftrack-api-options key "${key}"; supported: denormalize, strict.`,
      );
    }
    if (!['1', '0', 'true', 'false'].includes(value)) {
      throw validationError(`ftrack-api-options "${key}" must be 1, 0, true or false.`);
    }
    options[key] = value === '1' || value === 'true';
  }
  if (options.denormalize && !options.strict) {
    throw validationError('The ftrack-api-options "denormalize" needs "strict" as well.');
  }
  return options;
}

/** `ftrack-strict-api: true` switches errors to real HTTP status codes. */
export function isStrictApi(header: string | undefined): boolean {
  const value = header?.trim().toLowerCase();
  return value === 'true' || value === '1';
}
