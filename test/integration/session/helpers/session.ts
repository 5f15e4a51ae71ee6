import {
  ApiKey,
  openSession,
  type Session,
  type SessionOptions,
} from '../../../../src/session/index.js';

export const TEST_KEY = 'k3y-5ecret-0000-1111-do-not-print';

/** A session on a local URL with instant, recorded sleeps (fast retry tests). */
export function testSession(
  url: string,
  options: SessionOptions & { user?: string; key?: string } = {},
): { session: Session; sleeps: number[]; debug: string[] } {
  const sleeps: number[] = [];
  const debug: string[] = [];
  const session = openSession(
    { server: url, apiUser: options.user ?? 'admin', apiKey: new ApiKey(options.key ?? TEST_KEY) },
    {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
      debug: (line) => debug.push(line),
      ...options,
      retry: {
        maxAttempts: 4,
        baseDelayMs: 10,
        maxDelayMs: 40,
        maxRetryAfterMs: 5000,
        ...options.retry,
      },
    },
  );
  return { session, sleeps, debug };
}

/** The error a promise rejects with; fails when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}
