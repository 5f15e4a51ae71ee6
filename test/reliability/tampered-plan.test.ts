import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorSnapshot } from '../../src/emulator/index.js';
import { ACCESS_DIR, runIn, SEED_FILE, studioEnv, writeRequests } from './helpers.js';

/**
 * Issue 11, parts 1 and 6 for the other input of `apply`: a saved plan file. Random edits
 * of a valid plan (values replaced, keys deleted, array items dropped, duplicated or
 * swapped) never crash `apply --plan`, and never apply anything but the planned changes:
 * afterwards the server is either untouched or exactly in the desired state.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const edit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'duplicate', 'swap'),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('all_open_projects', 'remove_user_security_role', true, 0, -1, null),
  ),
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

/** Every container of the value with a key or index in it, in document order. */
function slots(value: Json, out: [Json[] | Record<string, Json>, string | number][] = []) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value, i]);
      slots(item, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push([value, key]);
      slots(item, out);
    }
  }
  return out;
}

function applyEdit(plan: Json, e: Edit): void {
  const all = slots(plan);
  const [container, key] = all[e.at % all.length]!;
  const record = container as Record<string | number, Json>;
  if (e.kind === 'replace') record[key] = e.value as Json;
  else if (Array.isArray(container) && typeof key === 'number') {
    if (e.kind === 'delete') container.splice(key, 1);
    if (e.kind === 'duplicate') container.splice(key, 0, structuredClone(container[key]!));
    if (e.kind === 'swap' && container.length > 1) {
      const other = (key + 1) % container.length;
      [container[key], container[other]] = [container[other]!, container[key]!];
    }
  } else if (e.kind === 'delete') delete record[key];
}

let emu: Emulator;
let dir: string;
let plan: string;
let seeded: EmulatorSnapshot;
let converged: EmulatorSnapshot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-tampered-'));
  cpSync(ACCESS_DIR, join(dir, 'access'), { recursive: true });
  const reference = await startEmulator({ seedFile: SEED_FILE });
  expect((await runIn(dir, ['apply', 'access', '--yes'], studioEnv(reference))).code).toBe(0);
  converged = reference.snapshot();
  await reference.stop();
  emu = await startEmulator({ seedFile: SEED_FILE });
  seeded = emu.snapshot();
  const saved = await runIn(dir, ['plan', 'access', '--out', 'plan.json'], studioEnv(emu));
  expect(saved.code, saved.stderr).toBe(0);
  plan = readFileSync(join(dir, 'plan.json'), 'utf8');
});
afterAll(async () => {
  await emu.stop();
});

describe('a tampered saved plan', () => {
  it('is refused or applies exactly the planned changes; never anything else', async () => {
    let refused = 0;
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        const tampered = JSON.parse(plan) as Json;
        for (const e of edits) applyEdit(tampered, e);
        writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered, null, 2));
        emu.resetCounters();
        const what = JSON.stringify(edits);
        const result = await runIn(
          dir,
          ['apply', '--plan', 'tampered.json', '--yes', '--audit-log', 'audit.jsonl'],
          studioEnv(emu),
        );
        expect([0, 1, 3, 4], `${what}\n${result.stderr}`).toContain(result.code);
        expect(result.stderr, what).not.toContain('Internal error');
        const now = emu.snapshot();
        if (result.code !== 0) {
          refused++;
          expect(now, what).toEqual(seeded);
          expect(writeRequests(emu).length, what).toBeLessThanOrEqual(1);
        } else {
          applied++;
          expect(now, what).toEqual(converged);
          // Put the server back for the next case, on the same address (the plan names it).
          const port = Number(new URL(emu.url).port);
          await emu.stop();
          emu = await startEmulator({ seedFile: SEED_FILE, port });
        }
      }),
      { numRuns: 100, seed: 99 },
    );
    // Both outcomes occur: harmless edits (e.g. of a description) apply, the rest are refused.
    expect(refused).toBeGreaterThan(30);
    expect(applied).toBeGreaterThan(0);
  });
});
