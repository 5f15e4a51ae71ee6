import { InvalidArgumentError, Option, type Command } from 'commander';
import type { AddRoleScope, Collation } from '../../emulator/index.js';

/** The emulator's real-server options as commander parses them (EmulatorOptions' names). */
export interface EmulatorLimitCliOptions {
  pageSizeLimit?: number;
  latencyMs?: number;
  perRowMs?: number;
  workers?: number;
  maxBodyBytes?: number;
  rateLimit?: number;
  addRoleScope: AddRoleScope;
  grantAllOpenKeepsProjects: boolean;
  collation: Collation;
}

/** A whole number >= `min` (no sign, no fraction, no exponent). */
function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number from ${min} up.`);
    }
    return n;
  };
}

function millisecondsWithFraction(value: string): number {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n))
    throw new InvalidArgumentError('expected a number of ms >= 0 (e.g. 0.5).');
  return n;
}

function parseBoolean(value: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new InvalidArgumentError('expected true or false.');
}

/**
 * Adds the options that make the emulator behave like a real server's limits and
 * unknowns (docs/emulator.md, "Limits and unknowns"). Defaults keep the strict emulator.
 */
export function addEmulatorLimitOptions(command: Command): Command {
  return command
    .optionsGroup("A real server's limits and unknowns (defaults: no limits, as before):")
    .option(
      '--page-size-limit <n>',
      'answer at most n rows per query, even without or above its limit; metadata.next.offset points at the rest (default: unlimited)',
      wholeNumber(1),
    )
    .option('--latency-ms <ms>', 'wait ms before serving each request (default: 0)', wholeNumber(0))
    .option(
      '--per-row-ms <ms>',
      'also wait ms (fractions allowed) per operation of a batch and per entity its queries return, nested ones included (default: 0)',
      millisecondsWithFraction,
    )
    .option(
      '--workers <n>',
      'serve n requests at once; the others wait in arrival order (default: unlimited)',
      wholeNumber(1),
    )
    .option(
      '--max-body-bytes <n>',
      'answer HTTP 413 to a request body over n bytes and run none of it (default: unlimited)',
      wholeNumber(1),
    )
    .option(
      '--rate-limit <n>',
      'answer HTTP 429 with Retry-After to requests beyond n in one second, running none of them (default: unlimited)',
      wholeNumber(1),
    )
    .addOption(
      new Option(
        '--add-role-scope <scope>',
        'the scope a role has right after add_user_security_role',
      )
        .choices(['none', 'all-open'])
        .default('none'),
    )
    .addOption(
      new Option(
        '--grant-all-open-keeps-projects <bool>',
        "whether granting all open projects keeps the role's project grants (false deletes them)",
      )
        .argParser(parseBoolean)
        .default(true),
    )
    .addOption(
      new Option(
        '--collation <collation>',
        'how is, is_not, in, not_in, like, not_like and unique names compare text',
      )
        .choices(['binary', 'case-insensitive'])
        .default('binary'),
    );
}
