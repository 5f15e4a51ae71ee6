import { UsageError } from '../diagnostics/index.js';
import { isLoopbackHost } from './connection.js';
import { describeProxy, proxyRoute, proxyVariable } from './proxy.js';

/** How the requests to a server go, in words a report can show (never a proxy password). */
export type RouteDescription =
  | { via: 'direct'; reason: 'loopback' | 'no-proxy' | 'no-variable' }
  | { via: 'proxy'; proxy: string; variable: string }
  | { via: 'refused'; message: string };

/**
 * The route of proxyRoute for `doctor`: direct (and why), through which proxy (without its
 * credentials) named by which variable, or refused (its UsageError's message).
 */
export function describeRoute(
  server: string,
  env: Record<string, string | undefined>,
): RouteDescription {
  const url = new URL(server);
  const variable = proxyVariable(url, env);
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
