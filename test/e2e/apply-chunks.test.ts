import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator, Fault } from '../../src/emulator/index.js';
import {
  auditLines,
  idOf,
  startStudio,
  writeRequests,
  type Studio,
} from '../reliability/helpers.js';

// `apply --max-operations-per-call N` against the emulator, through the CLI in-process.
// The frozen reliability studio plans 6 changes (8 operations) for bo, chen, hana, jules
// (adding access) and kim, pat (removing it); with N = 3 they go in 3 chunks:
// [bo, chen], [hana, jules], [kim, pat].

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.stop()));
});

interface Op {
  action: string;
  user_id: string;
}

/** The usernames of each write request, in order. */
async function usersPerRequest(s: Studio): Promise<string[][]> {
  const names = new Map<string, string>();
  for (const user of s.emu.snapshot().users) {
    names.set(await idOf(s.emu, 'User', `username is "${user.username}"`), user.username);
  }
  return writeRequests(s.emu).map((ops) => [
    ...new Set((ops as Op[]).map((o) => names.get(o.user_id) ?? o.user_id)),
  ]);
}

/** The users with changes in `plan --format json`. */
async function plannedUsers(s: Studio): Promise<string[]> {
  const planned = await s.run(['plan', 'access', '--format', 'json']);
  const plan = JSON.parse(planned.stdout) as { changes: { user: string }[] };
  return [...new Set(plan.changes.map((c) => c.user))];
}

const audit = (s: Studio) => auditLines(join(s.dir, '.ftrack-roles/audit.jsonl'));

describe('apply --max-operations-per-call', () => {
  it('sends whole users in chunks of at most N, audits each chunk, verifies once, converges', async () => {
    const s = await startStudio(started);
    s.emu.resetCounters();
    const applied = await s.run(['apply', 'access', '--yes', '--max-operations-per-call', '3']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(
      'Applied 6 changes (8 operations) in 3 chunks and verified them on the server.',
    );
    expect(await usersPerRequest(s)).toEqual([
      ['bo', 'chen'],
      ['hana', 'jules'],
      ['kim', 'pat'],
    ]);
    // jules' chunk adds a role on a private project only, and no other add of that call
    // would be refused by a server whose added roles start on all open projects: it carries
    // a guard, an open project granted and revoked again (add-role-scope.ts).
    expect(writeRequests(s.emu).map((ops) => ops.length)).toEqual([3, 5, 2]);
    const lines = audit(s);
    expect(lines.map((l) => [l['outcome'], (l['chunk'] as { index: number }).index])).toEqual([
      ['pending', 1],
      ['accepted', 1],
      ['pending', 2],
      ['accepted', 2],
      ['pending', 3],
      ['applied', 3],
    ]);
    expect(lines[2]).toMatchObject({
      chunk: { index: 2, count: 3, users: ['hana', 'jules'] },
      operations: 3,
      summary: { users: 2, changes: 2 },
    });
    expect(new Set(lines.map((l) => l['attempt'])).size).toBe(1);
    expect(await plannedUsers(s)).toEqual([]);
  });

  it('asks on a terminal, saying that the plan goes in several calls', async () => {
    const s = await startStudio(started);
    const asked: string[] = [];
    const io = {
      stdinIsTTY: true,
      confirm: (question: string) => {
        asked.push(question);
        return Promise.resolve(false);
      },
    };
    const declined = await s.run(['apply', 'access', '--max-operations-per-call', '3'], { io });
    expect(declined.code).toBe(1);
    expect(asked).toEqual([
      `Apply these 6 changes (8 operations) to ${s.emu.url} in 3 calls (each call all or nothing, not the whole plan)?`,
    ]);
    expect(writeRequests(s.emu)).toEqual([]);
  });

  it('a user with more operations than N gets a larger chunk of their own, and says so', async () => {
    const s = await startStudio(started);
    const dry = await s.run(['apply', 'access', '--dry-run', '--max-operations-per-call', '1']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Operations that would be sent in 6 calls');
    expect(dry.stdout).toContain(
      "Call 1 of 6: 2 operations (more than 1: a user's operations are never split) for bo",
    );
    expect(writeRequests(s.emu)).toEqual([]);
    const applied = await s.run(['apply', 'access', '--yes', '--max-operations-per-call', '1']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(
      'Sending chunk 1 of 6 (2 operations; user bo)... It holds more than --max-operations-per-call 1: all operations of "bo" go in one call, so that no user is half-changed.',
    );
    // jules' call carries the guard of an add on a private project only (see above).
    expect(writeRequests(s.emu).map((ops) => ops.length)).toEqual([2, 1, 1, 4, 1, 1]);
  });

  it('a protected role changing hands: the new holder is changed before the old one loses it', async () => {
    const s = await startStudio(started);
    const file = (name: string) => join(s.dir, 'access/users', name);
    const admins = readFileSync(file('admins.yaml'), 'utf8');
    // maria swaps Administrator for User (manage: declared leaves undeclared users alone).
    writeFileSync(
      file('admins.yaml'),
      admins.replace(
        'maria:\n    roles:\n      Administrator: all-open',
        'maria:\n    roles:\n      User: all-open',
      ),
    );
    const artists = readFileSync(file('artists.yaml'), 'utf8');
    writeFileSync(
      file('artists.yaml'),
      artists.replace('leo:\n    roles:\n', 'leo:\n    roles:\n      Administrator: all-open\n'),
    );
    const holders = () =>
      s.emu.snapshot().users.filter((u) => u.roles['Administrator'] !== undefined).length;
    const seen: number[] = [];
    const err: string[] = [];
    const applied = await s.run(['apply', 'access', '--yes', '--max-operations-per-call', '1'], {
      io: {
        stderr: (text) => {
          err.push(text);
          if (text.startsWith('Sending chunk')) seen.push(holders());
        },
      },
    });
    expect(applied.code, err.join('')).toBe(0);
    const order = (await usersPerRequest(s)).flat();
    expect(order.indexOf('leo')).toBeLessThan(order.indexOf('maria'));
    expect(order.indexOf('maria')).toBe(order.length - 1); // she only loses protected holders
    expect(Math.min(...seen, holders())).toBe(3); // svc-access, tomas, and maria or leo
  });

  it('refuses a limit below 1 before reading anything', async () => {
    const s = await startStudio(started);
    s.emu.resetCounters();
    const refused = await s.run(['apply', 'access', '--yes', '--max-operations-per-call', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('expected a whole number (1 or more)');
    expect(s.emu.requestCount()).toBe(0);
  });
});

describe('apply --max-operations-per-call: a chunk fails', () => {
  // The first write passes (a delay of 0 ms); the fault takes the second: chunk 2.
  const second = (fault: Fault): Fault[] => [{ kind: 'delay', ms: 0, on: 'write' }, fault];
  const cases: {
    name: string;
    fault: Fault;
    outcome: string;
    words: string;
    remaining: string[];
  }[] = [
    {
      name: 'HTTP 500 (refused)',
      fault: { kind: 'status', status: 500, on: 'write' },
      outcome: 'rejected',
      words: "A call is all or nothing: none of the chunk's 3 operations was applied.",
      remaining: ['hana', 'jules', 'kim', 'pat'],
    },
    {
      name: 'reset before commit',
      fault: { kind: 'reset-before-commit', on: 'write' },
      outcome: 'unknown-not-applied',
      words: 'The chunk was not resent. Re-read: the chunk was not applied at all.',
      remaining: ['hana', 'jules', 'kim', 'pat'],
    },
    {
      name: 'reset after commit',
      fault: { kind: 'reset-after-commit', on: 'write' },
      outcome: 'unknown-applied',
      words: 'The chunk was not resent. Re-read: the chunk was applied in full.',
      remaining: ['kim', 'pat'],
    },
  ];

  it.each(cases)(
    '$name on chunk 2: stops, says what is done and what is not, and the next plan converges',
    async (c) => {
      const s = await startStudio(started);
      for (const fault of second(c.fault)) s.emu.injectFault(fault);
      s.emu.resetCounters();
      const failed = await s.run(['apply', 'access', '--yes', '--max-operations-per-call', '3']);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(c.words);
      expect(failed.stderr).toContain(
        'Applied before it: chunk 1 of 3 (2 users: bo, chen), verified on the server.',
      );
      expect(failed.stderr).toContain('Not attempted: chunk 3 of 3 (2 users: kim, pat).');
      expect(failed.stderr).toContain('Run `ftrack-roles plan` to see the changes that remain');
      expect(writeRequests(s.emu)).toHaveLength(2); // chunk 3 was never sent, chunk 2 never resent
      expect(audit(s).map((l) => l['outcome'])).toEqual([
        'pending',
        'accepted',
        'pending',
        c.outcome,
      ]);
      expect(await plannedUsers(s)).toEqual(c.remaining);
      const again = await s.run(['apply', 'access', '--yes', '--max-operations-per-call', '3']);
      expect(again.code, again.stderr).toBe(0);
      expect(await plannedUsers(s)).toEqual([]);
    },
  );

  it('a refusal whose answer does not identify an operation: quoted verbatim, none named', async () => {
    const s = await startStudio(started);
    const user_id = await idOf(s.emu, 'User', 'username is "svc-access"');
    const role_id = await idOf(s.emu, 'SecurityRole', 'name is "Administrator"');
    // Right before chunk 2 leaves, the API user loses Administrator (out of band).
    const err: string[] = [];
    const failed = await s.run(['apply', 'access', '--yes', '--max-operations-per-call', '3'], {
      io: {
        stderr: (text) => {
          err.push(text);
          if (text.startsWith('Sending chunk 2')) {
            void s.emu.call([{ action: 'remove_user_security_role', user_id, role_id }]);
          }
        },
      },
    });
    expect(failed.code).toBe(1);
    const message = err.join('');
    expect(message).toMatch(
      /The server rejected chunk 2 of 3 \(3 operations; 2 users: hana, jules\): PermissionError: [^\n]*Administrator[^\n]* A call is all or nothing: none of the chunk's 3 operations was applied\. Nothing of it was changed/,
    );
    expect(message).not.toContain('identifies operation');
  });

  it('a refusal whose answer holds the exact id of one operation names it', async () => {
    const s = await startStudio(started);
    const hana = await idOf(s.emu, 'User', 'username is "hana"');
    // Right before chunk 2 leaves, hana (one operation in it) is deleted: "No User with id …".
    const err: string[] = [];
    const failed = await s.run(['apply', 'access', '--yes', '--max-operations-per-call', '3'], {
      io: {
        stderr: (text) => {
          err.push(text);
          if (text.startsWith('Sending chunk 2')) {
            void s.emu.call([{ action: 'delete', entity_type: 'User', entity_key: hana }]);
          }
        },
      },
    });
    expect(failed.code).toBe(1);
    expect(err.join('')).toContain(
      `The server's answer identifies operation #1 of the chunk's 3: grant_user_security_role_project user "hana" role "Reviewer" project "falcon".`,
    );
  });
});
