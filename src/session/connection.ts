import { closeSync, openSync, readSync } from 'node:fs';
import { isIP } from 'node:net';
import { UsageError } from '../diagnostics/index.js';
import { apiSuffixHint, apiSuffixOf, apiSuffixProblem } from '../model/server-url.js';
import { ApiKey, redactText } from './api-key.js';
import { lookAlikeVariables } from './variables.js';

/** Where and as whom to connect. The key is an `ApiKey`, which never prints itself. */
export interface ConnectionSettings {
  /** The server URL without a trailing slash, e.g. `https://studio.ftrackapp.com`. */
  server: string;
  apiUser: string;
  apiKey: ApiKey;
}

/** Connection options as given on the command line (there is deliberately no key option). */
export interface ConnectionOptions {
  server?: string;
  apiUser?: string;
  /** A file holding the API key; a byte-order mark and surrounding white space are ignored. */
  apiKeyFile?: string;
  /** Allow `http://` to a non-loopback host. */
  insecureHttp?: boolean;
}

export interface ResolveDependencies {
  /** Reads the key file; defaults to readKeyFile (at most MAX_KEY_FILE_BYTES). */
  readKeyFile?: (path: string) => string;
}

/** An API key file is refused when it is larger than this (16 KiB): it is not a key. */
export const MAX_KEY_FILE_BYTES = 16 * 1024;

/** A key file that is too large to be one (e.g. `/dev/zero`). */
class KeyFileTooLargeError extends Error {}

/**
 * Reads a key file as UTF-8, at most MAX_KEY_FILE_BYTES: a device or a huge file is refused
 * instead of read to the end.
 */
export function readKeyFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_KEY_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > MAX_KEY_FILE_BYTES) throw new KeyFileTooLargeError();
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Resolves the connection settings: options win over `FTRACK_SERVER`, `FTRACK_API_USER`
 * and `FTRACK_API_KEY`. A missing value is a `UsageError` naming the option and the variable.
 */
export function resolveConnection(
  options: ConnectionOptions,
  env: Record<string, string | undefined>,
  deps: ResolveDependencies = {},
): ConnectionSettings {
  const serverText = nonEmpty(options.server) ?? nonEmpty(env['FTRACK_SERVER']);
  if (serverText === undefined) {
    throw missing('server URL', '--server <url>', 'FTRACK_SERVER', env);
  }
  const apiUser = nonEmpty(options.apiUser) ?? nonEmpty(env['FTRACK_API_USER']);
  if (apiUser === undefined) {
    throw missing('API user', '--api-user <name>', 'FTRACK_API_USER', env);
  }
  if ([...apiUser].some((c) => c < ' ' || c === '\u007f')) {
    throw new UsageError(
      'The API user name holds a control character; check --api-user or FTRACK_API_USER.',
    );
  }
  const apiKey = resolveApiKey(options, env, deps);
  let server: string;
  try {
    server = normalizeServerUrl(serverText, options.insecureHttp === true);
  } catch (error) {
    // The key pasted into the URL by mistake is not echoed either.
    throw error instanceof UsageError ? new UsageError(redactText(error.message, apiKey)) : error;
  }
  return { server, apiUser, apiKey };
}

/**
 * The connection settings of the programmatic API (src/api): the values given in code,
 * checked as the command line's are; errors name the field, never the key.
 */
export function settingsFromValues(values: {
  server: string;
  apiUser: string;
  apiKey: string;
  insecureHttp?: boolean;
}): ConnectionSettings {
  const text = (value: unknown, field: string): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new UsageError(`connection.${field} is missing: give it as a non-empty string.`);
    }
    return value.trim();
  };
  const serverText = text(values.server, 'server');
  const apiUser = text(values.apiUser, 'apiUser');
  if ([...apiUser].some((c) => c < ' ' || c === '\u007f')) {
    throw new UsageError('connection.apiUser holds a control character.');
  }
  const apiKey = checkedKey(
    text(values.apiKey, 'apiKey').replace(/^\ufeff/, ''),
    'connection.apiKey',
  );
  try {
    return {
      server: normalizeServerUrl(serverText, values.insecureHttp === true),
      apiUser,
      apiKey,
    };
  } catch (error) {
    throw error instanceof UsageError ? new UsageError(redactText(error.message, apiKey)) : error;
  }
}

function resolveApiKey(
  options: ConnectionOptions,
  env: Record<string, string | undefined>,
  deps: ResolveDependencies,
): ApiKey {
  const file = nonEmpty(options.apiKeyFile);
  if (file !== undefined) {
    const read = deps.readKeyFile ?? readKeyFile;
    let text: string;
    try {
      text = read(file);
    } catch (error) {
      if (error instanceof KeyFileTooLargeError) {
        throw new UsageError(
          `The API key file ${file} is larger than ${MAX_KEY_FILE_BYTES / 1024} KiB: it does not hold a key.`,
        );
      }
      const code = (error as { code?: unknown }).code;
      const reason = typeof code === 'string' ? code : 'unreadable';
      throw new UsageError(`Cannot read the API key file ${file} (${reason}).`);
    }
    const value = text.replace(/^\ufeff/, '').trim();
    if (value.length === 0) throw new UsageError(`The API key file ${file} is empty.`);
    if (/[\r\n]/.test(value)) {
      throw new UsageError(`The API key file ${file} must hold the key on a single line.`);
    }
    return checkedKey(value, file);
  }
  const fromEnv = nonEmpty(env['FTRACK_API_KEY']?.replace(/^\ufeff/, ''));
  if (fromEnv === undefined) {
    throw missing('API key', '--api-key-file <file>', 'FTRACK_API_KEY', env);
  }
  return checkedKey(fromEnv, 'FTRACK_API_KEY');
}

/**
 * The key as an ApiKey, when every character can be sent in an HTTP header: visible ASCII
 * (an ftrack key is letters, digits and dashes). The error names the character and where
 * it is, never the key.
 */
function checkedKey(value: string, where: string): ApiKey {
  const bad = /[^\x21-\x7e]/.exec(value);
  if (bad !== null) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new UsageError(
      `The API key in ${where} holds a character that cannot be sent in an HTTP header (U+${code}, character ${bad.index + 1}): copy the key again, as plain text.`,
    );
  }
  return new ApiKey(value);
}

/**
 * Checks and normalises the server URL: http(s) only, no credentials, query or fragment;
 * `https://` unless the host is loopback or `insecureHttp` is set; no trailing slash.
 */
export function normalizeServerUrl(text: string, insecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Never echo credentials written into the URL (user:key@host), even an invalid one.
    const shown = text.replace(/\/\/[^/]*@/, '//[credentials removed]@');
    throw new UsageError(
      `The server URL "${shown}" is not a valid URL (e.g. https://studio.ftrackapp.com).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`The server URL must start with https:// (got ${url.protocol}//).`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(
      'The server URL must not contain credentials; use --api-user and FTRACK_API_KEY.',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UsageError('The server URL must not contain a query or a fragment.');
  }
  if (url.protocol === 'http:' && !insecureHttp && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `Refusing to send the API key over plain http to ${url.host}: use https://, or --insecure-http if you really mean it.`,
    );
  }
  const suffix = apiSuffixOf(url);
  if (suffix !== undefined) {
    throw new UsageError(`The server URL ${apiSuffixProblem(suffix)} ${apiSuffixHint(suffix)}`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * A missing setting, naming the option and the variable, and what the environment holds
 * instead: the variable set but empty, or look-alikes (`FTRACK_APIKEY`: "did you mean
 * FTRACK_API_KEY?"). Names only, never values.
 */
function missing(
  what: string,
  option: string,
  variable: string,
  env: Record<string, string | undefined>,
): UsageError {
  const given = `No ${what} given: pass ${option} or set ${variable}.`;
  if (env[variable] !== undefined) {
    return new UsageError(
      `${given} ${variable} is set but empty: is the secret given to this job?`,
    );
  }
  const alike = lookAlikeVariables(variable, env);
  if (alike.length === 0) return new UsageError(given);
  const names =
    alike.length === 1
      ? `${alike[0]!} is`
      : `${alike.slice(0, -1).join(', ')} and ${alike.at(-1)!} are`;
  return new UsageError(`${given} ${names} set: did you mean ${variable}?`);
}
