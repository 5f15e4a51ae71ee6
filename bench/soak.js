/* global URL, console, process */
// `npm run soak` (not part of `npm test`): drift-and-converge soak of the built CLI.
//
//   npm run build && node bench/soak.js [--cycles 1000] [--seed 1] [--fault-rate 0.1]
//
// An emulator is seeded with the example studio (a frozen copy in
// test/fixtures/reliability/studio). Each cycle injects 1-5 random out-of-band changes
// (assign, remove, grant, revoke, all-open on/off, on managed and unmanaged users alike),
// then runs `ftrack-roles apply --yes` in-process over HTTP. With --fault-rate, some
// cycles also lose the answer to the write (reset before/after commit, truncated body):
// that apply must report an unknown outcome and the next one must converge. A cycle
// converges when the apply verifies and `plan --detailed-exitcode` then exits 0 and the
// unmanaged users are as the drift left them. Prints cycles, operations and failures;
// exits 1 on any failure.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.error('dist/cli/main.js is missing: run `npm run build` first.');
  process.exit(1);
}
const { runCli } = await import(join(root, 'dist/cli/main.js'));
const { startEmulator } = await import(join(root, 'dist/emulator/index.js'));

const STUDIO = join(root, 'test/fixtures/reliability/studio');
const API_USER = 'svc-access';
const UNMANAGED = new Set(['svc-access', 'zoe']);
const FAULTS = ['reset-before-commit', 'reset-after-commit', 'truncated-body'];

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'fault-rate': { type: 'string', default: '0.1' },
    verbose: { type: 'boolean', default: false },
  },
});
const cycles = Number(values.cycles);
const faultRate = Number(values['fault-rate']);

/** mulberry32: a small seeded PRNG, so a failing cycle can be replayed with --seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(Number(values.seed));
const pick = (items) => items[Math.floor(random() * items.length)];

async function rows(emu, expression) {
  const [result] = await emu.call([{ action: 'query', expression }]);
  return result.data;
}

/** The operations that are valid on the strict server for one user and role right now. */
function validDrift(emu, ids, user, role) {
  const held = emu.snapshot().users.find((u) => u.username === user.username)?.roles[role.name];
  const base = { user_id: user.id, role_id: role.id };
  if (held === undefined) return [{ action: 'add_user_security_role', ...base }];
  const reachable = ids.projects.filter((p) => !(role.type === 'ASSIGNED' && p.is_private));
  const grantable = reachable.filter(
    (p) => !held.projects.includes(p.name) && !(held.all_open && !p.is_private),
  );
  const granted = ids.projects.filter((p) => held.projects.includes(p.name));
  return [
    { action: 'remove_user_security_role', ...base },
    {
      action: `${held.all_open ? 'revoke' : 'grant'}_user_security_role_project`,
      ...base,
      all_open_projects: true,
    },
    ...grantable.map((p) => ({
      action: 'grant_user_security_role_project',
      ...base,
      project_id: p.id,
    })),
    ...granted.map((p) => ({
      action: 'revoke_user_security_role_project',
      ...base,
      project_id: p.id,
    })),
  ];
}

/** One random out-of-band change that the strict server accepts; false if it refused. */
async function drift(emu, ids) {
  const user = pick(ids.users.filter((u) => u.username !== API_USER));
  const role = pick(ids.roles.filter((r) => r.type !== 'API'));
  try {
    await emu.call([pick(validDrift(emu, ids, user, role))]);
    return true;
  } catch {
    return false;
  }
}

function unmanaged(snapshot) {
  return JSON.stringify(snapshot.users.filter((u) => UNMANAGED.has(u.username)));
}

async function run(dir, env, argv) {
  const out = [];
  const err = [];
  const io = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env,
    cwd: dir,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    confirm: () => Promise.resolve(false),
    now: () => new Date(),
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function cycle(n, emu, ids, dir, env, totals) {
  for (let i = 0, count = 1 + Math.floor(random() * 5); i < count; i++) {
    if (await drift(emu, ids)) totals.drift++;
  }
  const drifted = unmanaged(emu.snapshot());
  if (random() < faultRate) {
    const pending = await run(dir, env, ['plan', 'access', '--detailed-exitcode']);
    if (pending.code === 2) {
      emu.injectFault({ kind: pick(FAULTS), on: 'write' });
      const lost = await run(dir, env, ['apply', 'access', '--yes']);
      if (lost.code !== 1 || !/not resent/.test(lost.stderr)) {
        return `cycle ${n}: a lost answer was not reported as an unknown outcome (exit ${lost.code}): ${lost.stderr}`;
      }
      totals.faults++;
    }
  }
  emu.resetCounters();
  const applied = await run(dir, env, ['apply', 'access', '--yes']);
  const writes = emu.requests().filter((ops) => ops.some((op) => op.action !== 'query'));
  totals.operations += writes.reduce((sum, ops) => sum + ops.length, 0);
  if (applied.code !== 0) return `cycle ${n}: apply exited ${applied.code}: ${applied.stderr}`;
  if (writes.length > 1) return `cycle ${n}: apply sent ${writes.length} write calls`;
  const plan = await run(dir, env, ['plan', 'access', '--detailed-exitcode']);
  if (plan.code !== 0) return `cycle ${n}: not converged (plan exit ${plan.code}):\n${plan.stdout}`;
  if (unmanaged(emu.snapshot()) !== drifted) return `cycle ${n}: an unmanaged user was changed`;
  return undefined;
}

async function main() {
  const emu = await startEmulator({ seedFile: join(STUDIO, 'seed.yaml') });
  const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-soak-'));
  cpSync(join(STUDIO, 'access'), join(dir, 'access'), { recursive: true });
  const env = {
    FTRACK_SERVER: emu.url,
    FTRACK_API_USER: API_USER,
    FTRACK_API_KEY: 'local-demo-key',
  };
  const ids = {
    users: await rows(emu, 'select id, username from User'),
    roles: await rows(emu, 'select id, name, type from SecurityRole'),
    projects: await rows(emu, 'select id, name, is_private from Project'),
  };
  const totals = { drift: 0, operations: 0, faults: 0 };
  const failures = [];
  const started = Date.now();
  try {
    for (let n = 1; n <= cycles; n++) {
      const failure = await cycle(n, emu, ids, dir, env, totals);
      if (failure !== undefined) failures.push(failure);
      if (values.verbose && n % 100 === 0) console.error(`${n} cycles...`);
    }
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  for (const failure of failures.slice(0, 10)) console.error(failure);
  console.log(
    `soak: ${cycles} cycles, ${totals.drift} out-of-band changes, ${totals.operations} operations applied, ` +
      `${totals.faults} lost answers recovered, ${failures.length} failures (seed ${values.seed}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();
