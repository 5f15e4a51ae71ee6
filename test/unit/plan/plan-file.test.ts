import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  generatePlanValidatorSource,
  PLAN_VALIDATOR_FILE,
  PLAN_VALIDATOR_OPTIONS,
} from '../../../src/config/generated/generate-validator.js';
import { ConfigError } from '../../../src/diagnostics/index.js';
import { validate as generated } from '../../../src/plan/generated/plan-validator.js';
import {
  loadPlanSchema,
  parsePlan,
  PLAN_FILE_CODES,
  PLAN_SCHEMA_ID,
} from '../../../src/plan/index.js';
import { renderPlanJson } from '../../../src/render/index.js';
import { emptyPlan, samplePlan } from '../render/sample-plans.js';

const root = join(import.meta.dirname, '../../..');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ConfigError ? error.diagnostics[0]?.code : 'not a ConfigError';
  }
  return undefined;
}

describe('plan files and their schema', () => {
  it('has the published $id', () => {
    expect(loadPlanSchema()['$id']).toBe(PLAN_SCHEMA_ID);
  });

  it('accepts the plans it writes (golden JSON included)', () => {
    for (const plan of [samplePlan(), emptyPlan()]) {
      expect(parsePlan(renderPlanJson(plan), 'plan.json')).toEqual(
        JSON.parse(JSON.stringify(plan)),
      );
    }
    const golden = readFileSync(join(root, 'test/fixtures/plan/sample.golden.json'), 'utf8');
    expect(parsePlan(golden, 'sample.golden.json').format_version).toBe(1);
  });

  it.each([
    ['not JSON', '{', PLAN_FILE_CODES.notJson],
    [
      'another format version',
      JSON.stringify({ ...samplePlan(), format_version: 2 }),
      PLAN_FILE_CODES.unsupportedVersion,
    ],
    [
      'an unknown key',
      JSON.stringify({ ...samplePlan(), api_key: 'secret' }),
      PLAN_FILE_CODES.invalid,
    ],
    [
      'a bad digest',
      JSON.stringify({ ...samplePlan(), state_digest: 'md5:x' }),
      PLAN_FILE_CODES.invalid,
    ],
    [
      'a grant without project or all-open',
      JSON.stringify({
        ...samplePlan(),
        operations: [{ action: 'grant_user_security_role_project', user_id: 'u', role_id: 'r' }],
      }),
      PLAN_FILE_CODES.invalid,
    ],
    [
      'an unknown action',
      JSON.stringify({
        ...samplePlan(),
        operations: [{ action: 'revoke_user_security_role', user_id: 'u', role_id: 'r' }],
      }),
      PLAN_FILE_CODES.invalid,
    ],
  ])('refuses %s', (_name, text, code) => {
    expect(codeOf(() => parsePlan(text, 'plan.json'))).toBe(code);
  });

  it('checks a large managed set for repeats in linear time (apply --plan of a big studio)', () => {
    const sample = samplePlan();
    const users = Array.from({ length: 30_000 }, (_, i) => `user${String(i).padStart(5, '0')}`);
    const text = JSON.stringify({ ...sample, managed: { ...sample.managed, users } });
    parsePlan(renderPlanJson(sample), 'plan.json'); // the schema compiled
    const started = performance.now();
    expect(parsePlan(text, 'plan.json').managed.users).toHaveLength(30_000);
    // Compared pair by pair (items typed only through $ref), this took seconds.
    expect(performance.now() - started).toBeLessThan(1_000);
    const repeated = { ...sample, managed: { ...sample.managed, users: [...users, 'user00007'] } };
    expect(codeOf(() => parsePlan(JSON.stringify(repeated), 'plan.json'))).toBe(
      PLAN_FILE_CODES.invalid,
    );
  });

  it('checks with the generated validator: what `npm run generate:schema` makes today (else rerun it)', () => {
    expect(readFileSync(PLAN_VALIDATOR_FILE, 'utf8')).toBe(generatePlanValidatorSource());
  });

  it('the generated validator says what ajv compiling the schema says, errors included', () => {
    const compiled = new Ajv2020(PLAN_VALIDATOR_OPTIONS).compile(loadPlanSchema());
    const sample = samplePlan();
    const documents: unknown[] = [
      JSON.parse(renderPlanJson(sample)),
      JSON.parse(renderPlanJson(emptyPlan())),
      { ...sample, api_key: 'secret' },
      { ...sample, state_digest: 'md5:x' },
      { ...sample, operations: [{ action: 'grant_user_security_role_project' }] },
      { ...sample, managed: { ...sample.managed, users: ['a', 'b', 'a'] } },
      { format_version: 1 },
      null,
      [],
    ];
    const check = generated as unknown as typeof compiled;
    for (const document of documents) {
      expect(check(document)).toBe(compiled(document));
      expect(check.errors ?? null).toEqual(compiled.errors ?? null);
    }
  });
});
