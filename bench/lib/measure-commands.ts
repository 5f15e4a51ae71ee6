import { join } from 'node:path';
import { startEmulatorHost } from './host-client.js';
import { runCli } from './run-cli.js';
import type { ServerModel } from './server-models.js';
import {
  checkRun,
  cliEnv,
  counted,
  measureCommand,
  profileArgs,
  stepOf,
  type RunContext,
  type Step,
} from './steps.js';

/** The other commands of issue 25, at the sizes of `--command-sizes`. */
export interface CommandsResult {
  /** `drift access --format json` (exit 2: the studio drifts by 2%). */
  drift: Step;
  /** `export --out DIR --force`: every user's roles written as YAML. */
  export: Step;
  /** `explain access --user NAME --format json`, NAME a user with a change. */
  explain: Step;
  /** `apply access --plan plan.json --yes` on a fresh emulator (`plan --out` run first). */
  applyPlan: Step;
}

/** A user whose desired roles differ from the server's (so explain has something to say). */
function changedUser(ctx: RunContext): string {
  const user = ctx.studio.users.find((u) => u.current !== u.desired) ?? ctx.studio.users[0]!;
  return user.username;
}

/** drift, export and explain: read-only, `ctx.runs` times each against `ctx.host`. */
export async function measureReadCommands(
  ctx: RunContext,
  name: string,
  profileDir: string | undefined,
): Promise<Omit<CommandsResult, 'applyPlan'>> {
  const access = ctx.files.configDirs.split;
  const strip = ({ stdout: _, ...step }: Step & { stdout: string }): Step => step;
  const drift = await measureCommand(
    ctx,
    ['drift', access, '--format', 'json'],
    [2],
    profileArgs(profileDir, `${name}-drift`),
  );
  const exported = await measureCommand(
    ctx,
    ['export', '--out', join(ctx.files.dir, `export-${name}`), '--force'],
    [0],
    profileArgs(profileDir, `${name}-export`),
  );
  const explain = await measureCommand(
    ctx,
    ['explain', access, '--user', changedUser(ctx), '--format', 'json'],
    [0],
    profileArgs(profileDir, `${name}-explain`),
  );
  return { drift: strip(drift), export: strip(exported), explain: strip(explain) };
}

/**
 * `apply --plan`: on a fresh emulator (the studio's 2% still to apply), `plan --out`
 * (not measured) then `apply --plan --yes` (measured), once.
 */
export async function measureApplyPlan(
  ctx: Omit<RunContext, 'host'>,
  model: ServerModel,
  name: string,
  profileDir: string | undefined,
): Promise<Step> {
  const host = await startEmulatorHost(ctx.files.seedFile, model);
  try {
    const options = { cwd: ctx.files.dir, env: cliEnv(host, ctx.studio) };
    const planFile = join(ctx.files.dir, `plan-${name}.json`);
    const access = ctx.files.configDirs.split;
    checkRun(await runCli(['plan', access, '--out', planFile], options), 'plan --out', [0]);
    const audit = join(ctx.files.dir, `audit-plan-${name}.jsonl`);
    const [run, counts] = await counted(host, () =>
      runCli(['apply', access, '--plan', planFile, '--yes', '--audit-log', audit], {
        ...options,
        nodeArgs: profileArgs(profileDir, `${name}-apply-plan`),
      }),
    );
    checkRun(run, 'apply --plan', [0]);
    return {
      ...stepOf(run, counts),
      writeRequests: counts.writeRequests,
      writeOperations: counts.writeOperations,
    };
  } finally {
    await host.stop();
  }
}
