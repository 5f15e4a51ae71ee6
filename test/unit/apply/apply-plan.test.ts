import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplySession } from '../../../src/apply/index.js';
import type { CurrentState } from '../../../src/current/types.js';
import {
  PermissionDeniedError,
  ServerValidationError,
  UnknownOutcomeError,
  VerificationError,
} from '../../../src/diagnostics/index.js';
import { planChanges } from '../../../src/plan/index.js';
import { desiredState, serverState } from '../plan/builders.js';
import { applyOperations } from '../plan/simulator.js';

const current = serverState({
  users: [
    { username: 'ana', roles: { User: ['alpha'] } },
    { username: 'bo', roles: { Lead: 'all-open' } },
  ],
});
const { plan } = planChanges({
  desired: desiredState({ users: { ana: { User: 'all-open', Reviewer: ['secret'] }, bo: {} } }),
  current,
  apiUser: 'svc',
  now: new Date(),
});
const applied = applyOperations(current, plan.operations);

/** A session whose one write does `onCall`; reads are served by `readState`. */
function fakeSession(onCall: () => Promise<unknown[]>) {
  const calls: unknown[][] = [];
  const session: ApplySession = {
    server: plan.server,
    query: () => Promise.reject(new Error('reads go through readState in these tests')),
    call: (operations, options) => {
      calls.push([...operations, options]);
      return onCall();
    },
  };
  return { session, calls };
}

async function run(onCall: () => Promise<unknown[]>, after: CurrentState | Error) {
  const { session, calls } = fakeSession(onCall);
  const lines: string[] = [];
  const result = await applyPlan(session, plan, {
    current,
    onProgress: (line) => lines.push(line),
    readState: () => (after instanceof Error ? Promise.reject(after) : Promise.resolve(after)),
  });
  return { result, calls, lines };
}

describe('applyPlan', () => {
  it('sends every operation in one write call and verifies the result', async () => {
    const { result, calls } = await run(
      () => Promise.resolve(plan.operations.map(() => ({}))),
      applied,
    );
    // The one add (ana's Reviewer, on a private project only) is followed by a guard: an
    // open project granted and revoked again, refused by a server whose added roles start
    // on all open projects (add-role-scope.ts).
    const at = plan.operations.findIndex((op) => op.action === 'add_user_security_role') + 1;
    const pair = { user_id: 'u-ana', role_id: 'r-Reviewer', project_id: 'p-alpha' };
    expect(calls).toEqual([
      [
        ...plan.operations.slice(0, at),
        { action: 'grant_user_security_role_project', ...pair },
        { action: 'revoke_user_security_role_project', ...pair },
        ...plan.operations.slice(at),
        { write: true },
      ],
    ]);
    expect(result.outcome).toBe('applied');
    expect(result.error).toBeUndefined();
    expect(result.message).toBe(
      `Applied 3 changes (${plan.operations.length} operations) and verified them on the server.`,
    );
    expect(result.stateDigestAfter).not.toBe(plan.state_digest);
  });

  it('reports a residual difference after a successful call (VerificationError)', async () => {
    const { result } = await run(() => Promise.resolve([]), current);
    expect(result.outcome).toBe('verification-failed');
    expect(result.error).toBeInstanceOf(VerificationError);
    expect(result.differences).toEqual([
      'ana / Reviewer: expected secret, found not held',
      'ana / User: expected all open projects + alpha, found alpha',
      'bo / Lead: expected not held, found all open projects',
    ]);
  });

  it('says when the verification read fails', async () => {
    const { result } = await run(() => Promise.resolve([]), new Error('ECONNRESET'));
    expect(result.outcome).toBe('unverified');
    expect(result.message).toContain('re-reading it to verify failed: ECONNRESET');
  });

  it('a rejection quotes the server verbatim, says none of the batch applied, names no operation the answer does not identify', async () => {
    const rejection = new ServerValidationError(
      'The server rejected the request (ValidationError): User "bo" does not hold the security role "Lead"',
      'ValidationError',
    );
    const { result, calls } = await run(() => Promise.reject(rejection), current);
    // The batch, then the probes of what an added role starts with: each adds ana's
    // Reviewer and removes it again (changing nothing), and this server refuses them all.
    expect(calls.length).toBeGreaterThan(1);
    for (const probe of calls.slice(1)) {
      expect(probe[0]).toMatchObject({ action: 'add_user_security_role', user_id: 'u-ana' });
      expect(probe.at(-2)).toMatchObject({ action: 'remove_user_security_role', user_id: 'u-ana' });
    }
    expect(result.outcome).toBe('rejected');
    expect(result.error).toBeInstanceOf(ServerValidationError);
    expect(result.rejected).toBeUndefined();
    expect(result.message).toBe(
      `The server rejected the batch: ValidationError: User "bo" does not hold the security role "Lead". A call is all or nothing: none of its ${plan.operations.length} operations was applied. Nothing was changed: the users of the batch, the roles and the projects are as before (re-read).`,
    );
  });

  it('a rejection whose answer holds the exact ids of one operation names it', async () => {
    const rejection = new ServerValidationError(
      'The server rejected the request (ValidationError): No UserSecurityRole for user_id u-bo, role_id r-Lead.',
      'ValidationError',
    );
    const { result } = await run(() => Promise.reject(rejection), current);
    expect(result.rejected?.description).toBe('remove_user_security_role user "bo" role "Lead"');
    expect(result.message).toContain(
      `The server's answer identifies operation #${plan.operations.length} of ${plan.operations.length}: remove_user_security_role user "bo" role "Lead".`,
    );
  });

  it('a rejection after which the state moved says so', async () => {
    const { result } = await run(
      () => Promise.reject(new PermissionDeniedError('Permission denied.')),
      applied,
    );
    expect(result.outcome).toBe('rejected');
    expect(result.error).toBeInstanceOf(PermissionDeniedError);
    expect(result.message).toContain(
      'WARNING: the users of the batch, the roles or the projects differ',
    );
  });

  it.each([
    ['unknown-applied', applied, 'the batch was applied in full'],
    ['unknown-not-applied', current, 'the batch was not applied at all'],
    [
      'unknown-partial',
      applyOperations(current, plan.operations.slice(0, 1)),
      'applied only partially (the server is not atomic!)',
    ],
  ] as const)('an unknown outcome re-read as %s is never resent', async (outcome, after, words) => {
    const lost = new UnknownOutcomeError('The connection failed after the changes were sent.');
    const { result, calls } = await run(() => Promise.reject(lost), after);
    expect(calls).toHaveLength(1);
    expect(result.outcome).toBe(outcome);
    expect(result.error).toBeInstanceOf(UnknownOutcomeError);
    expect(result.message).toContain('The batch was not resent.');
    expect(result.message).toContain(words);
  });

  it('an unknown outcome with a failing re-read stays unknown', async () => {
    const lost = new UnknownOutcomeError('No answer.');
    const { result } = await run(() => Promise.reject(lost), new Error('down'));
    expect(result.outcome).toBe('unknown');
    expect(result.message).toContain('whether the batch was applied is unknown');
  });
});
