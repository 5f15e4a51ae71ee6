/**
 * Names that look alike. `skeleton` maps a name to a form in which names a person cannot
 * tell apart are equal: NFKC-normalised, case-folded, invisible characters dropped, and the
 * Cyrillic and Greek letters that look like Latin ones (the look-alikes of real attacks on
 * names, e.g. Cyrillic `а` in `аna`) replaced by those. It is a focused subset of the
 * skeletons of Unicode TS #39, not the whole confusables table.
 */

const LOOK_ALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ϲ: 'c',
  ϳ: 'j',
  // Latin
  ı: 'i',
  ℓ: 'l',
};

/** Zero-width and other invisible characters (default ignorables that appear in names). */
const INVISIBLE: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];

const isInvisible = (code: number): boolean =>
  INVISIBLE.some(([low, high]) => code >= low && code <= high);

/** The form in which look-alike names are equal (never shown to users). */
export function skeleton(name: string): string {
  // Printable ASCII without capitals is its own skeleton (most names): no work.
  if (/^[\x20-\x40\x5b-\x7e]*$/.test(name)) return name;
  const folded = name.normalize('NFKC').toLowerCase();
  let out = '';
  for (const c of folded) if (!isInvisible(c.codePointAt(0)!)) out += LOOK_ALIKES[c] ?? c;
  return out;
}

/** True when a name has characters outside printable ASCII. */
export function isUnusual(name: string): boolean {
  return /[^\x20-\x7e]/.test(name);
}

/** A name in double quotes, followed by its escaped form when it is not printable ASCII. */
export function quoteName(name: string): string {
  return isUnusual(name) ? `"${name}" (${escapeName(name)})` : `"${name}"`;
}

/** The name with every character outside printable ASCII as `\uXXXX`. */
function escapeName(name: string): string {
  let escaped = '';
  for (const c of name) {
    const code = c.codePointAt(0)!;
    escaped += code >= 0x20 && code <= 0x7e ? c : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return escaped;
}

/**
 * A name shown unambiguously: as it is when printable ASCII, otherwise followed by its
 * escaped form, e.g. `аna (\u0430na)`, so that two names that look alike do not read alike.
 */
export function unambiguous(name: string): string {
  return isUnusual(name) ? `${name} (${escapeName(name)})` : name;
}
