import { UsageError } from '../diagnostics/index.js';
import { isLoopbackHost } from './connection.js';
import { describeProxy, proxyRoute } from './proxy.js';

/** How the requests to a server go, in words a report can show (never a proxy password). */
export type RouteDescription =
  | { via: 'direct'; reason: 'loopback' | 'no-proxy' | 'no-variable' }
  | { via: 'proxy'; proxy: string; variable: string }
  | { via: 'refused'; message: string };

/** The variables proxyRoute reads for each scheme, in its order. */
const VARIABLES = {
  'https:': ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'],
  'http:': ['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'],
} as const;

/**
 * The route of proxyRoute for `doctor`: direct (and why), through which proxy (without its
 * credentials) named by which variable, or refused (its UsageError's message).
 */
export function describeRoute(
  server: string,
  env: Record<string, string | undefined>,
): RouteDescription {
  const url = new URL(server);
  const names = url.protocol === 'https:' ? VARIABLES['https:'] : VARIABLES['http:'];
  const variable = names.find((name) => (env[name]?.trim() ?? '') !== '');
  try {
    const route = proxyRoute(server, env);
    if (!route.direct) {
      return { via: 'proxy', proxy: describeProxy(route.proxy), variable: variable ?? 'ALL_PROXY' };
    }
  } catch (error) {
    if (error instanceof UsageError) return { via: 'refused', message: error.message };
    throw error;
  }
  if (isLoopbackHost(url.hostname)) return { via: 'direct', reason: 'loopback' };
  return { via: 'direct', reason: variable === undefined ? 'no-variable' : 'no-proxy' };
}
