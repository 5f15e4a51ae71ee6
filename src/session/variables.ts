import { closestName } from '../model/suggest.js';

/** The connection variables the ftrack clients read. */
const SETTINGS = ['FTRACK_SERVER', 'FTRACK_API_USER', 'FTRACK_API_KEY'] as const;

/**
 * Words in a variable's name that say which setting it was meant for, checked in this
 * order: `FTRACK_API_URL` means the server (not a typo of FTRACK_API_USER), `FTRACK_APIKEY`
 * the key, `FTRACK_USERNAME` the user.
 */
const MEANINGS: readonly [RegExp, (typeof SETTINGS)[number]][] = [
  [/URL|SERVER|HOST/, 'FTRACK_SERVER'],
  [/KEY|TOKEN|SECRET/, 'FTRACK_API_KEY'],
  [/USER|LOGIN/, 'FTRACK_API_USER'],
];

/**
 * The variables of the environment, other than the three settings, that look meant for
 * `variable` (one of them): named `FTRACK…` in any case, set to something, and either
 * naming what the setting is (MEANINGS) or a typo of it ("did you mean", model/suggest.ts).
 * Sorted; names only.
 */
export function lookAlikeVariables(
  variable: string,
  env: Record<string, string | undefined>,
): string[] {
  return Object.keys(env)
    .filter((name) => /^FTRACK/i.test(name) && !(SETTINGS as readonly string[]).includes(name))
    .filter((name) => (env[name] ?? '').trim() !== '' && meantFor(name) === variable)
    .sort();
}

function meantFor(name: string): string | undefined {
  const upper = name.toUpperCase();
  if ((SETTINGS as readonly string[]).includes(upper)) return upper;
  return MEANINGS.find(([words]) => words.test(upper))?.[1] ?? closestName(name, SETTINGS);
}
