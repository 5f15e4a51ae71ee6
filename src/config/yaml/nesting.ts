/** Deeper flow collections (`[`, `{`) than this are refused before parsing. */
export const MAX_FLOW_DEPTH = 64;
/** Lines whose indentation and block indicators (`- `, `? `) reach further are refused. */
export const MAX_INDENT = 256;

export interface NestingProblem {
  line: number;
  col: number;
  kind: 'flow' | 'indent';
}

/**
 * A cheap, conservative scan for hostile nesting, run before the YAML parser (whose
 * recursion would otherwise exhaust the stack). It over-estimates: brackets in quoted
 * strings and trailing comments count too, whole-line comments do not. Real access files stay far below both limits.
 */
export function findExcessiveNesting(text: string): NestingProblem | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  let seenContent = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\n') {
      line += 1;
      lineStart = i + 1;
      atLineStart = true;
      continue;
    }
    if (atLineStart) {
      if (c === ' ' || c === '\t' || c === '-' || c === '?' || c === ':') {
        if (i - lineStart >= MAX_INDENT) return { line, col: i - lineStart + 1, kind: 'indent' };
        continue;
      }
      atLineStart = false;
      seenContent = c !== '#';
    }
    if (c === '#' && !seenContent) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (c === '[' || c === '{') {
      depth += 1;
      if (depth > MAX_FLOW_DEPTH) return { line, col: i - lineStart + 1, kind: 'flow' };
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth -= 1;
    }
  }
  return undefined;
}
