import { EmulatorSetupError } from './errors.js';

/** The scope a role starts with after `add_user_security_role`. */
export type AddRoleScope = 'none' | 'all-open';
/** How `is`, `is_not`, `in`, `not_in`, `like`, `not_like` and unique names compare strings. */
export type Collation = 'binary' | 'case-insensitive';

/** How the emulator answers what the protocol notes leave unknown (§6.2, §4). */
export interface ServerBehaviour {
  addRoleScope: AddRoleScope;
  grantAllOpenKeepsProjects: boolean;
  collation: Collation;
}

export const DEFAULT_BEHAVIOUR: Readonly<ServerBehaviour> = {
  addRoleScope: 'none',
  grantAllOpenKeepsProjects: true,
  collation: 'binary',
};

/** A real server's limits and unknowns (docs/emulator.md, "Limits and unknowns"). */
export interface ServerOptions extends Partial<ServerBehaviour> {
  /** At most this many rows per query answer; `metadata.next.offset` points at the rest. */
  pageSizeLimit?: number;
  /** Added to every HTTP request (milliseconds). */
  latencyMs?: number;
  /** Added per row returned by queries and per operation of a batch (ms, fractions allowed). */
  perRowMs?: number;
  /** Requests served at once; the rest wait in arrival order. Default: unlimited. */
  workers?: number;
  /** A larger request body is answered 413 and not run. Default: unlimited. */
  maxBodyBytes?: number;
  /** Requests per one-second window; beyond it 429 with `Retry-After`. Default: unlimited. */
  rateLimit?: number;
}

type Check = (value: unknown) => boolean;

const positiveInteger: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 1;
const nonNegative: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Each option: its check, what a good value is, and its command-line flag. */
const OPTIONS: Record<keyof ServerOptions, { check: Check; expected: string; flag: string }> = {
  pageSizeLimit: {
    check: positiveInteger,
    expected: 'a whole number >= 1',
    flag: 'page-size-limit',
  },
  latencyMs: { check: nonNegative, expected: 'a number of ms >= 0', flag: 'latency-ms' },
  perRowMs: { check: nonNegative, expected: 'a number of ms >= 0', flag: 'per-row-ms' },
  workers: { check: positiveInteger, expected: 'a whole number >= 1', flag: 'workers' },
  maxBodyBytes: { check: positiveInteger, expected: 'a whole number >= 1', flag: 'max-body-bytes' },
  rateLimit: { check: positiveInteger, expected: 'a whole number >= 1', flag: 'rate-limit' },
  addRoleScope: {
    check: (v) => v === 'none' || v === 'all-open',
    expected: '"none" or "all-open"',
    flag: 'add-role-scope',
  },
  grantAllOpenKeepsProjects: {
    check: (v) => typeof v === 'boolean',
    expected: 'true or false',
    flag: 'grant-all-open-keeps-projects',
  },
  collation: {
    check: (v) => v === 'binary' || v === 'case-insensitive',
    expected: '"binary" or "case-insensitive"',
    flag: 'collation',
  },
};

/** Refuses a bad option value with an `EmulatorSetupError` naming the option. */
export function checkServerOptions(options: ServerOptions): void {
  for (const [name, spec] of Object.entries(OPTIONS)) {
    const value = options[name as keyof ServerOptions];
    if (value !== undefined && !spec.check(value)) {
      throw new EmulatorSetupError(
        `The emulator option ${name} must be ${spec.expected}, not ${JSON.stringify(value)}.`,
      );
    }
  }
}

/** The behaviour an emulator runs with, defaults filled in. */
export function behaviourOf(options: ServerOptions): ServerBehaviour {
  return {
    addRoleScope: options.addRoleScope ?? DEFAULT_BEHAVIOUR.addRoleScope,
    grantAllOpenKeepsProjects:
      options.grantAllOpenKeepsProjects ?? DEFAULT_BEHAVIOUR.grantAllOpenKeepsProjects,
    collation: options.collation ?? DEFAULT_BEHAVIOUR.collation,
  };
}

/**
 * The options that differ from the default, as command-line flags in a fixed order
 * (`--page-size-limit 100`, `--collation case-insensitive`); empty when none does.
 */
export function describeServerOptions(options: ServerOptions): string[] {
  const defaults: ServerOptions = { ...DEFAULT_BEHAVIOUR, latencyMs: 0, perRowMs: 0 };
  const out: string[] = [];
  for (const [name, spec] of Object.entries(OPTIONS)) {
    const value = options[name as keyof ServerOptions];
    if (value === undefined || value === defaults[name as keyof ServerOptions]) continue;
    out.push(`--${spec.flag} ${String(value)}`);
  }
  return out;
}
