import { UsageError } from '../diagnostics/index.js';
import { isLoopbackHost } from './connection.js';

/** How the session reaches a server: directly, or through a proxy (an http(s) URL). */
export type ProxyRoute = { direct: true } | { direct: false; proxy: string };

/**
 * The proxy of the standard environment variables for a server, as curl reads them:
 * `HTTPS_PROXY` (or `https_proxy`, then `ALL_PROXY`) for an https server, `HTTP_PROXY` (or
 * `http_proxy`, then `ALL_PROXY`) for an http one; none for a host in `NO_PROXY` (a list of
 * host names, domains as `example.com` or `.example.com`, IP addresses, each with an
 * optional `:port`, or `*`) and none for a loopback host (the emulator). An https server is
 * reached through a CONNECT tunnel: the proxy sees the host name, never the requests. A
 * plain http server through a proxy is refused: the API key would cross the proxy in clear.
 */
export function proxyRoute(server: string, env: Record<string, string | undefined>): ProxyRoute {
  const url = new URL(server);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const https = url.protocol === 'https:';
  const port = url.port === '' ? (https ? '443' : '80') : url.port;
  if (isLoopbackHost(host) || bypassed(host, port, env)) return { direct: true };
  const variable = proxyVariable(url, env);
  if (variable === undefined) return { direct: true };
  const proxy = env[variable]!.trim();
  let proxyUrl: URL;
  try {
    proxyUrl = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
  } catch {
    throw new UsageError(
      'The proxy of the environment (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY) is not a valid URL: give it as http://host:port, or list the server in NO_PROXY.',
    );
  }
  if (proxyUrl.protocol !== 'http:' && proxyUrl.protocol !== 'https:') {
    throw new UsageError(
      `The proxy of the environment must be an http:// or https:// URL (found ${proxyUrl.protocol}//): ftrack-roles tunnels through http(s) proxies only; unset it, or list the server in NO_PROXY.`,
    );
  }
  if (!https) {
    throw new UsageError(
      `Refusing to send the API key in clear through the proxy ${describeProxy(proxyUrl)} to the http:// server ${url.host}: use https://, or exclude the host with NO_PROXY.`,
    );
  }
  return { direct: false, proxy: proxyUrl.href };
}

/** A proxy URL as messages show it: no credentials. */
export function describeProxy(proxy: URL | string): string {
  const url = typeof proxy === 'string' ? new URL(proxy) : proxy;
  return `${url.protocol}//${url.host}`;
}

/** The variables naming the proxy for each scheme, in the order they are read. */
const PROXY_VARIABLES = {
  https: ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'],
  http: ['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'],
} as const;

/**
 * The variable proxyRoute takes the proxy from for a server (before NO_PROXY and loopback
 * are considered): the first one set of its scheme's list; undefined when none is.
 */
export function proxyVariable(
  server: URL | string,
  env: Record<string, string | undefined>,
): string | undefined {
  const url = typeof server === 'string' ? new URL(server) : server;
  const names = url.protocol === 'https:' ? PROXY_VARIABLES.https : PROXY_VARIABLES.http;
  return names.find((name) => pick(env, name) !== undefined);
}

function pick(env: Record<string, string | undefined>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function bypassed(host: string, port: string, env: Record<string, string | undefined>): boolean {
  const list = pick(env, 'NO_PROXY', 'no_proxy');
  if (list === undefined) return false;
  for (const raw of list.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (match === null) continue;
    const name = match[1]!.replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (match[2] !== undefined && match[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}
