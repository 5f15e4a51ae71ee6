import { stringify } from 'yaml';
import { desiredFromTexts } from '../../src/pipeline/load-desired.js';
import { fetchCurrentState, type StateSource } from '../../src/current/index.js';
import type { DesiredState } from '../../src/desired/types.js';
import type { Emulator } from '../../src/emulator/index.js';
import { planChanges, type PlanResult } from '../../src/plan/index.js';
import { readQueryResult } from '../../src/session/index.js';
import { API_USER, desiredDocument, type DesiredFile } from './studio-arbitraries.js';

/**
 * In-process plumbing shared by the convergence property and the soak: the desired file
 * through the real config stage, the state read from an emulator without HTTP, the plan
 * of the real planner, and the batch run by the strict emulator as the API user.
 */
export const NOW = new Date('2026-01-01T00:00:00Z');

export function desiredFrom(desired: DesiredFile): DesiredState {
  const text = stringify(desiredDocument(desired));
  const file = { path: 'access.yaml', bytes: new TextEncoder().encode(text), text };
  const checked = desiredFromTexts([file], NOW);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (checked.desired === undefined || errors.length > 0) {
    throw new Error(`generated config is invalid: ${JSON.stringify(errors)}\n${text}`);
  }
  return checked.desired;
}

/** A state source that queries the emulator in-process (no HTTP). */
export function inProcessSource(emu: Emulator): StateSource {
  return {
    server: emu.url,
    async query(expression) {
      const [result] = await emu.call([{ action: 'query', expression }]);
      return readQueryResult(result);
    },
  };
}

export async function planAgainst(emu: Emulator, desired: DesiredState): Promise<PlanResult> {
  const current = await fetchCurrentState(inProcessSource(emu));
  return planChanges({ desired, current, apiUser: API_USER, now: NOW });
}

/** Plans, checks the plan is usable, and applies it in one strict call as the API user. */
export async function planAndApply(emu: Emulator, desired: DesiredState): Promise<PlanResult> {
  const result = await planAgainst(emu, desired);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || result.refusals.length > 0) {
    throw new Error(`plan refused: ${JSON.stringify([...errors, ...result.refusals])}`);
  }
  if (result.plan.operations.length > 0) {
    await emu.call(result.plan.operations, { asUser: API_USER });
  }
  return result;
}
