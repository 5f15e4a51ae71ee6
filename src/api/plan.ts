import type { Diagnostic } from '../diagnostics/index.js';
import { planConfig } from '../pipeline/plan-config.js';
import type { Plan } from '../plan/index.js';
import { orderedPlan } from '../render/index.js';
import { configOf, sessionOpener } from './open.js';
import type { ServerOptions } from './options.js';

/** What `plan` gives: the plan, and what a safety rule refuses of it. */
export interface PlanOutcome {
  /** The plan as `plan --format json` prints it and `plan --out` saves it (docs/plan-format.md). */
  plan: Plan;
  /**
   * Safety refusals (removal limit, protected role, lock-out of the API user): `apply` would
   * refuse this plan, and `plan` exits 3. Empty when the plan may be applied.
   */
  refusals: Diagnostic[];
  /** The config files read, relative to `cwd`. */
  files: string[];
}

/**
 * `plan`: reads the server and the config and computes the changes. An invalid config
 * throws a ConfigError (its `diagnostics` say where and why) and nothing is sent; its
 * warnings go to `events.onDiagnostics`.
 */
export async function plan(
  options: ServerOptions & {
    /** Allow this many removals (`--allow-removals N`). */
    allowRemovals?: number;
  },
): Promise<PlanOutcome> {
  const result = await planConfig(
    {
      ...configOf(options),
      connect: sessionOpener(options.connection),
      ...(options.allowRemovals === undefined ? {} : { allowRemovals: options.allowRemovals }),
    },
    options.events,
  );
  await result.session.close();
  return { plan: orderedPlan(result.plan), refusals: [...result.refusals], files: result.files };
}
