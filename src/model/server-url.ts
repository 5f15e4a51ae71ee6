/**
 * The server URL mistakes a new user makes, in one home: `doctor` (src/report) reports
 * them as checks, the connection settings (src/session) refuse or explain them.
 */

/** A server URL given with the `/api` the client adds itself. */
export interface ApiSuffix {
  /** The URL as given, without trailing slashes: `https://studio.ftrackapp.com/api`. */
  given: string;
  /** The URL to use instead: `https://studio.ftrackapp.com`. */
  use: string;
}

/** The URL's `/api` ending (any case, trailing slashes ignored), if it has one. */
export function apiSuffixOf(url: URL): ApiSuffix | undefined {
  const path = url.pathname.replace(/\/+$/, '');
  const base = path.replace(/\/api$/i, '');
  return base === path ? undefined : { given: `${url.origin}${path}`, use: `${url.origin}${base}` };
}

/** `ends in /api: … every request would go to …/api/api.`, after "The URL" or "The server URL". */
export function apiSuffixProblem(suffix: ApiSuffix): string {
  return `ends in /api: ftrack-roles adds /api itself, so every request would go to ${suffix.given}/api.`;
}

/** How to give the URL without `/api`. */
export function apiSuffixHint(suffix: ApiSuffix): string {
  return `Use --server ${suffix.use} (or FTRACK_SERVER=${suffix.use}).`;
}

/**
 * True when a TLS handshake failed because the server answered in plain text: an https://
 * URL of a server that speaks http only (OpenSSL reads the plain answer as a record of an
 * unknown version, or of an impossible length).
 */
export function answeredWithoutTls(code: string, message: string): boolean {
  return (
    /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG/.test(code) ||
    /wrong version number|packet length too long/i.test(message)
  );
}

/** What to do when an https:// URL reached a server that answered without TLS. */
export function withoutTlsHint(server: string): string {
  const plain = server.replace(/^https:/i, 'http:');
  return `The server answered without TLS: it may speak plain http only. If it is meant to (a local emulator or test server), use ${plain}; a host that is not loopback then needs --insecure-http, and the key crosses the network unencrypted.`;
}
