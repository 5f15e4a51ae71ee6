import { apiSuffixHint, apiSuffixOf, apiSuffixProblem } from '../model/server-url.js';
import type { DoctorCheck, RouteSeen } from './doctor-types.js';

/** The URL check, and the server URL the other checks use (none when it is unusable). */
export interface UrlVerdict {
  check: DoctorCheck;
  /** The server to check the rest at: the URL normalised, a trailing `/api` removed. */
  target?: string;
}

const EXAMPLE = 'https://studio.ftrackapp.com';

function error(summary: string, hint: string): UrlVerdict {
  return { check: { id: 'url', status: 'error', summary, hint } };
}

/**
 * Checks the server URL as given (`--server` or `FTRACK_SERVER`), before anything is sent:
 * the mistakes that resolveConnection refuses (no URL, not http(s), credentials, a query,
 * plain http to a host that is not loopback) are errors that stop the doctor; a trailing
 * `/api` (the client adds `/api` itself) is an error, the rest then checked without it; a
 * path or plain http with `--insecure-http` are reported.
 */
export function checkServerUrl(
  text: string | undefined,
  insecureHttp: boolean,
  isLoopback: (hostname: string) => boolean,
): UrlVerdict {
  const given = text?.trim() ?? '';
  if (given === '') {
    return error(
      'No server URL given.',
      `Pass --server ${EXAMPLE} or set FTRACK_SERVER (the address you open ftrack at in a browser).`,
    );
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    const shown = given.replace(/\/\/[^/]*@/, '//[credentials removed]@');
    return error(`"${shown}" is not a URL.`, `Give the full address, e.g. ${EXAMPLE}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return error(`The URL starts with ${url.protocol}// .`, `Use https://, e.g. ${EXAMPLE}.`);
  }
  if (url.username !== '' || url.password !== '') {
    return error(
      'The URL holds credentials (user:password@).',
      'Remove them: the API user and key go in --api-user and FTRACK_API_KEY (or --api-key-file).',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    return error('The URL holds a query (?…) or a fragment (#…).', `Remove it, e.g. ${EXAMPLE}.`);
  }
  return checkParsedUrl(url, insecureHttp, isLoopback(url.hostname));
}

function checkParsedUrl(url: URL, insecureHttp: boolean, loopback: boolean): UrlVerdict {
  const suffix = apiSuffixOf(url);
  const path = url.pathname.replace(/\/+$/, '');
  const target = suffix?.use ?? `${url.origin}${path}`;
  const base = target.slice(url.origin.length);
  const plain = url.protocol === 'http:';
  if (plain && !loopback && !insecureHttp) {
    return error(
      `Plain http to ${url.host}, which is not a loopback host: the API key would cross the network unencrypted, so nothing was sent.`,
      'Use https:// (ftrack cloud servers are https only), or --insecure-http for a server on a network you trust.',
    );
  }
  if (suffix !== undefined) {
    return {
      target,
      check: {
        id: 'url',
        status: 'error',
        summary: `The URL ${apiSuffixProblem(suffix)} The other checks ran at ${target}.`,
        hint: apiSuffixHint(suffix),
        details: { given: suffix.given, use: suffix.use },
      },
    };
  }
  const endpoint = `requests go to ${target}/api`;
  if (plain && !loopback) {
    return {
      target,
      check: {
        id: 'url',
        status: 'warning',
        summary: `${target}: plain http (--insecure-http): the API key and every answer cross the network unencrypted; ${endpoint}.`,
        hint: 'Use https:// if the server offers it.',
      },
    };
  }
  if (base !== '') {
    return {
      target,
      check: {
        id: 'url',
        status: 'info',
        summary: `${target}: the URL has a path (${base}), so ${endpoint}.`,
        hint: `Right only when ftrack is served under ${base}; ftrack cloud servers have no path (${EXAMPLE}).`,
      },
    };
  }
  const note = plain ? ' (plain http to a loopback host, e.g. the emulator)' : '';
  return { target, check: { id: 'url', status: 'ok', summary: `${target}: ${endpoint}${note}.` } };
}

/** How the requests reach the server: directly, through which proxy, or refused. */
export function checkRoute(route: RouteSeen): DoctorCheck {
  switch (route.via) {
    case 'proxy':
      return {
        id: 'proxy',
        status: 'info',
        summary: `Through the proxy ${route.proxy} (from ${route.variable}), with a CONNECT tunnel: TLS runs end to end, the proxy sees the host name only.`,
        hint: 'If the server is reachable directly, list its host in NO_PROXY.',
        details: { proxy: route.proxy, variable: route.variable },
      };
    case 'refused':
      return {
        id: 'proxy',
        status: 'error',
        summary: route.message,
        hint: 'Fix HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, or list the server in NO_PROXY.',
      };
    case 'direct': {
      const why = {
        loopback: 'a loopback host never goes through a proxy',
        'no-proxy': 'the host is listed in NO_PROXY',
        'no-variable': 'no HTTPS_PROXY, HTTP_PROXY or ALL_PROXY is set',
      }[route.reason];
      return { id: 'proxy', status: 'ok', summary: `Direct: ${why}.` };
    }
  }
}
