/**
 * Domain types shared by every stage.
 *
 * Vocabulary: desired and current; assign, remove, modify; managed means within scope;
 * all open projects is `all_open` (on the wire: `is_all_open_projects`).
 */

export type UserName = string;
export type RoleName = string;
export type ProjectName = string;

export type SecurityRoleType = 'PROJECT' | 'ASSIGNED' | 'API';

/** Compares two strings by code unit, the one order used everywhere for stable output. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Up to ten names, then how many more: `a, b, c and 4 more`. */
export function listed(names: readonly string[]): string {
  if (names.length <= 10) return names.join(', ');
  return `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`;
}

/**
 * A count and its noun, the noun in the plural unless the count is 1: `1 change`,
 * `3 changes`, `0 operations`; `plural(2, 'entry', 'entries')` for an irregular plural.
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
