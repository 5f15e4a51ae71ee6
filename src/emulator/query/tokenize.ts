import { validationError, type EmulatorError } from '../errors.js';

export type TokenType = 'word' | 'string' | 'punct' | 'end';

export interface Token {
  type: TokenType;
  /** Source text (words, punctuation) or the decoded value (strings). */
  text: string;
  position: number;
}

const PUNCT = ['!=', '>=', '<=', '(', ')', ',', '=', '>', '<'];
const WORD = /[A-Za-z0-9_.-]/;

/** A query syntax error whose message names the position and quotes the expression. */
export function syntaxError(expression: string, position: number, message: string): EmulatorError {
  const near = expression.slice(position, position + 20);
  const where = position >= expression.length ? 'at the end' : `near "${near}"`;
  return validationError(
    `Invalid query: ${message} at position ${position} ${where} in expression "${expression}".`,
  );
}

/** Splits a query expression into words, strings and punctuation. */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const ch = expression[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"' || ch === "'") {
      const [text, next] = readString(expression, i);
      tokens.push({ type: 'string', text, position: i });
      i = next;
    } else if (WORD.test(ch)) {
      const start = i;
      while (i < expression.length && WORD.test(expression[i]!)) i++;
      tokens.push({ type: 'word', text: expression.slice(start, i), position: start });
    } else {
      const punct = PUNCT.find((p) => expression.startsWith(p, i));
      if (punct === undefined) throw syntaxError(expression, i, `unexpected character "${ch}"`);
      tokens.push({ type: 'punct', text: punct, position: i });
      i += punct.length;
    }
  }
  tokens.push({ type: 'end', text: '', position: expression.length });
  return tokens;
}

/**
 * Reads a quoted string starting at `start`. `\"`, `\'` and `\\` produce the character;
 * any other backslash pair is kept as written (so `like "100\%"` keeps its escape).
 */
function readString(expression: string, start: number): [string, number] {
  const quote = expression[start]!;
  let out = '';
  let i = start + 1;
  while (i < expression.length) {
    const ch = expression[i]!;
    if (ch === '\\' && i + 1 < expression.length) {
      const next = expression[i + 1]!;
      out += next === '"' || next === "'" || next === '\\' ? next : ch + next;
      i += 2;
    } else if (ch === quote) {
      return [out, i + 1];
    } else {
      out += ch;
      i++;
    }
  }
  throw syntaxError(expression, start, 'unterminated string');
}
