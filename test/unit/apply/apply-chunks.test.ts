import { describe, expect, it } from 'vitest';
import { applyPlan, splitPlan, type ApplySession } from '../../../src/apply/index.js';
import type { CurrentState } from '../../../src/current/types.js';
import {
  FtrackRolesError,
  ServerValidationError,
  UnknownOutcomeError,
} from '../../../src/diagnostics/index.js';
import { planChanges } from '../../../src/plan/index.js';
import type { Operation } from '../../../src/wire/index.js';
import { desiredState, serverState } from '../plan/builders.js';
import { applyOperations } from '../plan/simulator.js';

const current = serverState({
  users: [
    { username: 'ana', roles: { User: ['alpha'] } },
    { username: 'bo' },
    { username: 'cy', roles: { Lead: 'all-open' } },
  ],
});
const { plan } = planChanges({
  desired: desiredState({ users: { ana: { User: 'all-open' }, bo: { User: ['beta'] }, cy: {} } }),
  current,
  apiUser: 'svc',
  now: new Date(),
});
const calls = splitPlan(plan, current, 1);
const [first, second] = calls;
const afterFirst = applyOperations(current, first!.operations);

/** A session whose n-th write (1-based) does `answers[n]` (default: accepted). */
function run(answers: Record<number, () => Promise<unknown[]>>, reread: CurrentState | Error) {
  const sent: (readonly Operation[])[] = [];
  const hooks: string[] = [];
  const session: ApplySession = {
    server: plan.server,
    query: () => Promise.reject(new Error('reads go through readState in these tests')),
    call: (operations) => {
      sent.push(operations);
      return (answers[sent.length] ?? (() => Promise.resolve([])))();
    },
  };
  const result = applyPlan(session, plan, {
    current,
    calls,
    maxOperationsPerCall: 1,
    readState: () => (reread instanceof Error ? Promise.reject(reread) : Promise.resolve(reread)),
    beforeCall: (call) => {
      hooks.push(`before ${call.index}`);
      return Promise.resolve();
    },
    afterAccepted: (call) => {
      hooks.push(`accepted ${call.index}`);
      return Promise.resolve();
    },
  });
  return { result, sent, hooks };
}

describe('applyPlan in chunks', () => {
  it('sends each chunk in order, one call each, then verifies the whole plan once', async () => {
    expect(calls.map((c) => c.users)).toEqual([['ana'], ['bo'], ['cy']]);
    const { result, sent, hooks } = run({}, applyOperations(current, plan.operations));
    expect((await result).message).toBe(
      `Applied 3 changes (${plan.operations.length} operations) in 3 chunks and verified them on the server.`,
    );
    expect(sent).toEqual(calls.map((c) => c.operations));
    expect(hooks).toEqual([
      'before 1',
      'accepted 1',
      'before 2',
      'accepted 2',
      'before 3', // the last chunk's line is the outcome, written by the caller
    ]);
  });

  it('a rejected chunk stops the apply: what is done, what failed and why, what was not attempted', async () => {
    const refusal = new ServerValidationError(
      'The server rejected the request (ValidationError): cannot grant p-beta to u-bo',
      'ValidationError',
    );
    const { result, sent } = run({ 2: () => Promise.reject(refusal) }, afterFirst);
    const { outcome, message, error, rejected } = await result;
    // Chunk 1, chunk 2 (refused), then the probes of what an added role starts with (this
    // fake server answers them as one where it starts without projects: the refusal stands).
    expect(sent).toHaveLength(4);
    for (const probe of sent.slice(2)) {
      expect(probe[0]).toMatchObject({ action: 'add_user_security_role' });
      expect(probe.at(-1)).toMatchObject({ action: 'remove_user_security_role' });
    }
    expect(outcome).toBe('rejected');
    expect(error).toBeInstanceOf(ServerValidationError);
    expect(rejected?.number).toBe(2); // u-bo alone is in both of bo's operations
    const n = second!.operations.length;
    expect(message).toBe(
      [
        `The server rejected chunk 2 of 3 (${n} operations; user bo): ValidationError: cannot grant p-beta to u-bo. A call is all or nothing: none of the chunk's ${n} operations was applied. The server's answer identifies operation #2 of the chunk's ${n}: grant_user_security_role_project user "bo" role "User" project "beta". Nothing of it was changed: the re-read shows the chunk's users as before.`,
        'Applied before it: chunk 1 of 3 (user ana), verified on the server.',
        'Not attempted: chunk 3 of 3 (user cy).',
        'Run `ftrack-roles plan` to see the changes that remain, then apply again: the next plan starts from what the server holds.',
      ].join('\n'),
    );
  });

  it('says when an earlier chunk no longer holds on the re-read', async () => {
    const refusal = new ServerValidationError('refused', 'ValidationError');
    const { result } = run({ 2: () => Promise.reject(refusal) }, current);
    expect((await result).message).toContain(
      'Applied before it: chunk 1 of 3 (user ana); the re-read shows 1 of their changes do not hold (changed meanwhile?):\n  - ana / User: expected all open projects',
    );
  });

  it('a chunk without an answer is not resent; a timeout not applied yet stays unknown', async () => {
    const lost = new UnknownOutcomeError('No answer.', undefined, 'UND_ERR_HEADERS_TIMEOUT');
    const { result, sent } = run({ 2: () => Promise.reject(lost) }, afterFirst);
    const { outcome, message } = await result;
    expect(sent).toHaveLength(2);
    expect(outcome).toBe('unknown');
    expect(message).toContain('The chunk was not resent. Re-read: not applied so far');
  });

  it('a lost answer and a failed re-read: unknown, nothing verified', async () => {
    const lost = new UnknownOutcomeError('No answer.');
    const { result } = run({ 3: () => Promise.reject(lost) }, new Error('down'));
    const { outcome, message } = await result;
    expect(outcome).toBe('unknown');
    expect(message).toContain(
      'Whether it was applied is unknown. Re-reading the server failed (down).',
    );
    expect(message).toContain(
      'Applied before it: chunks 1-2 of 3 (2 users: ana, bo) (not verified: the server could not be re-read).',
    );
    expect(message).toContain('Not attempted: nothing (it was the last chunk).');
  });

  it('when the pending line of a later chunk cannot be written, stops and says what landed', async () => {
    const session: ApplySession = {
      server: plan.server,
      query: () => Promise.reject(new Error('no reads')),
      call: () => Promise.resolve([]),
    };
    const failing = (at: number) =>
      applyPlan(session, plan, {
        current,
        calls,
        readState: () => Promise.resolve(current),
        beforeCall: (call) =>
          call.index === at ? Promise.reject(new Error('ENOSPC')) : Promise.resolve(),
      });
    await expect(failing(1)).rejects.toThrow(/^ENOSPC$/);
    const stopped = failing(2);
    await expect(stopped).rejects.toBeInstanceOf(FtrackRolesError);
    await expect(stopped).rejects.toThrow(
      /^Stopped before sending chunk 2 of 3 \(\d+ operations; user bo\): ENOSPC\.\nApplied before it: chunk 1 of 3 \(user ana\) \(not verified: the server could not be re-read\)\./,
    );
  });
});
