/**
 * Calendar dates of the format (`until: YYYY-MM-DD`), in UTC, as whole days since
 * 1970-01-01 so that comparisons and differences are plain integer arithmetic.
 */

const MS_PER_DAY = 86_400_000;

/** The day number of a `YYYY-MM-DD` date, or undefined when it is not a real calendar date. */
export function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const back = new Date(time);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return undefined;
  if (back.getUTCDate() !== day) return undefined;
  return Math.floor(time / MS_PER_DAY);
}

/** The UTC day number of an instant. */
export function dayOf(now: Date): number {
  return Math.floor(now.getTime() / MS_PER_DAY);
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
