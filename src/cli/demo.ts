import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.js';
import { processIo, type CliIo } from './io.js';
import { runCli } from './main.js';

/**
 * `npm run demo`: the example studio end to end. Starts the emulator seeded with
 * examples/studio/seed.yaml on a free port with a throw-away state file, then runs
 * validate, plan, apply --yes and plan again against it, printing each step.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const studio = join(root, 'examples', 'studio');
const access = join(studio, 'access');

/** The demo API user and its key, as seeded in examples/studio/seed.yaml. */
const DEMO_USER = 'svc-access';
const DEMO_KEY = 'local-demo-key';

interface Step {
  title: string;
  argv: string[];
  expect: number[];
}

export async function runDemo(io: CliIo): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'ftrack-roles-demo-'));
  const emulator = await startEmulator({
    seedFile: join(studio, 'seed.yaml'),
    stateFile: join(work, 'state.json'),
  });
  const env = {
    ...io.env,
    FTRACK_SERVER: emulator.url,
    FTRACK_API_USER: DEMO_USER,
    FTRACK_API_KEY: DEMO_KEY,
  };
  const stepIo: CliIo = { ...io, env, cwd: root };
  const steps: Step[] = [
    { title: 'validate the access files (offline)', argv: ['validate', access], expect: [0] },
    {
      title: 'plan: what would change on the server',
      argv: ['plan', access, '--detailed-exitcode'],
      expect: [2],
    },
    {
      title: 'apply the plan in one atomic batch',
      argv: ['apply', access, '--yes', '--audit-log', join(work, 'audit.jsonl')],
      expect: [0],
    },
    {
      title: 'plan again: the server now matches the files',
      argv: ['plan', access, '--detailed-exitcode'],
      expect: [0],
    },
  ];
  io.stdout(
    `Emulator for the example studio listening on ${emulator.url}\n` +
      `FTRACK_SERVER, FTRACK_API_USER=${DEMO_USER} and FTRACK_API_KEY are set for it.\n`,
  );
  try {
    for (const [index, step] of steps.entries()) {
      io.stdout(
        `\n== ${index + 1}. ${step.title}\n$ ftrack-roles ${step.argv.map(shown).join(' ')}\n\n`,
      );
      const code = await runCli(step.argv, stepIo);
      if (!step.expect.includes(code)) {
        io.stderr(
          `\nDemo step ${index + 1} exited ${code}, expected ${step.expect.join(' or ')}.\n`,
        );
        return 1;
      }
    }
    io.stdout('\nDemo finished: the server converged to the desired state.\n');
    return 0;
  } finally {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Shows paths relative to the package root, so the printed commands can be copied. */
function shown(arg: string): string {
  return arg.startsWith(root) ? arg.slice(root.length) : arg;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await runDemo(processIo());
}
