import {
  AuthenticationError,
  MalformedResponseError,
  NetworkError,
  PermissionDeniedError,
  ServerError,
} from '../diagnostics/index.js';
import { answeredWithoutTls } from '../model/server-url.js';
import type { AnswerSeen, DoctorCheck } from './doctor-types.js';

/** What the first answer (`query_server_information`) tells. */
export interface FirstAnswerChecks {
  connection: DoctorCheck;
  tls: DoctorCheck;
  credentials: DoctorCheck;
  /** The server information, when the credentials were accepted. */
  information?: Record<string, unknown>;
}

const TLS_HINT =
  "Trust the studio's CA: NODE_EXTRA_CA_CERTS=/path/to/studio-ca.pem (read when Node starts; a proxy or firewall that re-signs TLS needs its CA there too). Never turn certificate checks off.";

const PLAIN_HTTP_HINT =
  'Check the scheme and the port: http:// for a server meant to speak plain http (the emulator does), or the port where the server speaks https.';

const CREDENTIALS_HINT =
  'ftrack gives the same answer for an unknown user, an inactive user and a wrong key, so doctor cannot tell which is wrong: check that the API user is the username (not the e-mail) of an active ftrack user, and that the key is that user’s personal API key or a global API key, copied whole and not revoked.';

const NOT_FTRACK_HINT =
  'Check the URL: it is the address you open ftrack at in a browser (e.g. https://studio.ftrackapp.com), without /api or a page path.';

const skipped = (id: 'tls' | 'credentials', why: string): DoctorCheck => ({
  id,
  status: 'skipped',
  summary: `Not checked: ${why}.`,
});

/** Connection, TLS and credentials from the answer to the first request. */
export function checkFirstAnswer(
  answer: AnswerSeen,
  target: string,
  apiUser: string,
): FirstAnswerChecks {
  const tls: DoctorCheck = target.startsWith('https:')
    ? { id: 'tls', status: 'ok', summary: "The server's certificate is trusted." }
    : { id: 'tls', status: 'info', summary: 'Not used: plain http.' };
  const status = answer.status === undefined ? '' : ` HTTP ${answer.status}`;
  const answered: DoctorCheck = {
    id: 'connection',
    status: 'ok',
    summary: `POST ${target}/api answered${status} in ${Math.round(answer.ms)} ms.`,
  };
  if (answer.ok) {
    const information = readInformation(answer.results[0]);
    return {
      connection: answered,
      tls,
      credentials: acceptedCredentials(apiUser, information),
      ...(information === undefined ? {} : { information }),
    };
  }
  const { error } = answer;
  if (answer.tls) {
    const code = error instanceof NetworkError ? (error.errorCode ?? '') : '';
    const hint = answeredWithoutTls(code, error.message) ? PLAIN_HTTP_HINT : TLS_HINT;
    return {
      connection: { id: 'connection', status: 'ok', summary: `Reached ${new URL(target).host}.` },
      tls: { id: 'tls', status: 'error', summary: error.message, hint },
      credentials: skipped('credentials', 'the TLS handshake failed'),
    };
  }
  const refused = refusedCredentials(error, apiUser);
  if (refused !== undefined) return { connection: answered, tls, credentials: refused };
  const notFtrack =
    error instanceof MalformedResponseError ||
    (error instanceof ServerError && [404, 405].includes(answer.status ?? 0));
  return {
    connection: {
      id: 'connection',
      status: 'error',
      summary: error.message,
      hint: notFtrack ? NOT_FTRACK_HINT : networkHint(error),
    },
    tls: error instanceof NetworkError ? skipped('tls', 'no connection') : tls,
    credentials: skipped('credentials', 'no answer from the ftrack API'),
  };
}

/** The credentials check of an answer refusing the API user or key, if it is one. */
function refusedCredentials(error: Error, apiUser: string): DoctorCheck | undefined {
  if (error instanceof AuthenticationError) {
    return {
      id: 'credentials',
      status: 'error',
      summary: `${apiUser} was refused: ${error.message}`,
      hint: CREDENTIALS_HINT,
      details: { exception: error.exception ?? null, error_code: error.errorCode ?? null },
    };
  }
  if (error instanceof PermissionDeniedError) {
    return {
      id: 'credentials',
      status: 'error',
      summary: `${apiUser} may not even read the server information: ${error.message}`,
      hint: 'Give the API user a role that may read users, projects and security roles (see permission).',
    };
  }
  return undefined;
}

function networkHint(error: Error): string {
  const code = error instanceof NetworkError ? (error.errorCode ?? '') : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return 'The host name does not resolve: check its spelling, or the DNS / VPN of this machine.';
  if (code === 'ECONNREFUSED')
    return 'Nothing listens at that host and port: check the URL and that the server runs.';
  if (code.startsWith('PROXY_')) return 'See the message: the proxy refused the tunnel.';
  if (code.includes('TIMEOUT'))
    return 'No answer in time: check the firewall, the proxy (HTTPS_PROXY) or raise --timeout.';
  return 'Check the URL, the network and the proxy settings (HTTPS_PROXY, NO_PROXY).';
}

function readInformation(result: unknown): Record<string, unknown> | undefined {
  return typeof result === 'object' && result !== null && !Array.isArray(result)
    ? (result as Record<string, unknown>)
    : undefined;
}

function acceptedCredentials(
  apiUser: string,
  information: Record<string, unknown> | undefined,
): DoctorCheck {
  const user = information?.['user_information'] as Record<string, unknown> | null | undefined;
  const global = user?.['is_global_access_key'];
  const kind = global === true ? 'global' : global === false ? 'personal' : 'unknown';
  const words = kind === 'unknown' ? '' : ` (a ${kind} API key)`;
  return {
    id: 'credentials',
    status: 'ok',
    summary: `${apiUser} and the API key were accepted${words}.`,
    details: { key: kind },
  };
}

/** The version, schema hash and time zone support the server reports. */
export function checkServerInformation(information: Record<string, unknown>): DoctorCheck {
  const version = information['version'];
  const hash = information['schema_hash'];
  const timezone = information['is_timezone_support_enabled'];
  const details = {
    version: typeof version === 'string' ? version : null,
    schema_hash: typeof hash === 'string' ? hash : null,
    is_timezone_support_enabled: typeof timezone === 'boolean' ? timezone : null,
  };
  const zone =
    timezone === true
      ? 'time zone support on (dates in UTC)'
      : timezone === false
        ? 'time zone support off (dates in server time)'
        : 'time zone support not reported';
  const schema = typeof hash === 'string' ? `schema ${hash}` : 'no schema hash';
  if (typeof version !== 'string') {
    return {
      id: 'server',
      status: 'warning',
      summary: `The server reports no version; ${schema}, ${zone}.`,
      hint: 'An ftrack server reports its version: check that the URL is the ftrack server.',
      details,
    };
  }
  const release = /^(\d+)\.(\d+)/.exec(version);
  if (release !== null && Number(release[1]) * 100 + Number(release[2]) < 402) {
    return {
      id: 'server',
      status: 'error',
      summary: `ftrack ${version}: the security-role actions ftrack-roles uses exist since ftrack 4.2.`,
      hint: 'Upgrade the server to ftrack 4.2 or later.',
      details,
    };
  }
  const what = version === 'dev' ? 'A development server (version "dev")' : `ftrack ${version}`;
  return { id: 'server', status: 'ok', summary: `${what}; ${schema}; ${zone}.`, details };
}
