import type { CompareOp, Condition, Literal, Path, Query, SortKey, SubQuery } from './ast.js';
import { syntaxError, tokenize, type Token } from './tokenize.js';

const COMPARE_WORDS: Record<string, CompareOp> = {
  is: 'eq',
  is_not: 'ne',
  after: 'gt',
  greater_than: 'gt',
  before: 'lt',
  less_than: 'lt',
  like: 'like',
  not_like: 'not_like',
};
const COMPARE_PUNCT: Record<string, CompareOp> = {
  '=': 'eq',
  '!=': 'ne',
  '>': 'gt',
  '<': 'lt',
  '>=': 'ge',
  '<=': 'le',
};
/** Words that cannot be used as bare values or attribute names. */
const RESERVED = new Set([
  'select', 'from', 'where', 'and', 'or', 'not', 'order', 'by', 'offset', 'limit', 'in',
  'not_in', 'has', 'any', 'group', ...Object.keys(COMPARE_WORDS),
]); // prettier-ignore
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;

/** Parses a query expression; throws a ValidationError naming the position on bad syntax. */
export function parseQuery(expression: string): Query {
  return new Parser(expression).parseQuery();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly expression: string) {
    this.tokens = tokenize(expression);
  }

  parseQuery(): Query {
    this.expectWord('select', 'expected "select" (queries must start with "select")');
    const select = [this.parsePath('expected an attribute to select')];
    while (this.acceptPunct(',')) select.push(this.parsePath('expected an attribute to select'));
    this.expectWord('from', 'expected "," or "from"');
    const [entityType, entityPosition] = this.parseTypeName();
    const where = this.acceptWord('where') ? this.parseOr() : null;
    const orderBy = this.parseOrderBy();
    const { offset, limit } = this.parsePaging();
    const end = this.peek();
    if (end.type !== 'end') throw this.fail(end, `unexpected "${end.text}"`);
    return { select, entityType, entityPosition, where, orderBy, offset, limit };
  }

  private parseTypeName(): [string, number] {
    const token = this.peek();
    if (token.type !== 'word' || !TYPE_NAME.test(token.text) || RESERVED.has(token.text)) {
      throw this.fail(token, 'expected an entity type');
    }
    this.index++;
    return [token.text, token.position];
  }

  private parseOrderBy(): SortKey[] {
    if (!this.acceptWord('order')) {
      if (this.peekWord('group')) throw this.fail(this.peek(), '"group by" is not supported');
      return [];
    }
    this.expectWord('by', 'expected "by" after "order"');
    const keys: SortKey[] = [];
    do {
      const path = this.parsePath('expected an attribute to order by');
      let descending = false;
      if (this.acceptWord('desc') || this.acceptWord('descending')) descending = true;
      else if (!this.acceptWord('asc')) this.acceptWord('ascending');
      keys.push({ path, descending });
    } while (this.acceptPunct(','));
    return keys;
  }

  private parsePaging(): { offset: number | null; limit: number | null } {
    let offset: number | null = null;
    let limit: number | null = null;
    for (;;) {
      const token = this.peek();
      if (token.type !== 'word' || (token.text !== 'offset' && token.text !== 'limit')) break;
      if ((token.text === 'offset' ? offset : limit) !== null) {
        throw this.fail(token, `"${token.text}" given twice`);
      }
      this.index++;
      const value = this.peek();
      if (value.type !== 'word' || !INTEGER.test(value.text)) {
        throw this.fail(value, `expected a non-negative integer after "${token.text}"`);
      }
      this.index++;
      if (token.text === 'offset') offset = Number(value.text);
      else limit = Number(value.text);
    }
    return { offset, limit };
  }

  private parseOr(): Condition {
    let left = this.parseAnd();
    while (this.acceptWord('or')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseNot();
    while (this.acceptWord('and')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Condition {
    if (this.acceptWord('not')) return { kind: 'not', operand: this.parseNot() };
    if (this.acceptPunct('(')) {
      const inner = this.parseOr();
      this.expectPunct(')', 'expected ")"');
      return inner;
    }
    return this.parseTerm();
  }

  private parseTerm(): Condition {
    const path = this.parsePath('expected an attribute, "not" or "("');
    const token = this.peek();
    const op =
      token.type === 'word'
        ? COMPARE_WORDS[token.text]
        : token.type === 'punct'
          ? COMPARE_PUNCT[token.text]
          : undefined;
    if (op !== undefined) {
      this.index++;
      const valueToken = this.peek();
      return {
        kind: 'compare',
        path,
        op,
        value: this.parseValue(),
        valuePosition: valueToken.position,
      };
    }
    if (token.type === 'word' && (token.text === 'has' || token.text === 'any')) {
      this.index++;
      this.expectPunct('(', `expected "(" after "${token.text}"`);
      const criteria = this.peekPunct(')') ? null : this.parseOr();
      this.expectPunct(')', 'expected ")"');
      return { kind: 'relation', path, quantifier: token.text, criteria };
    }
    if (token.type === 'word' && (token.text === 'in' || token.text === 'not_in')) {
      this.index++;
      this.expectPunct('(', `expected "(" after "${token.text}"`);
      const valuePosition = this.peek().position;
      const values = this.peekWord('select') ? this.parseSubQuery() : this.parseValueList();
      this.expectPunct(')', 'expected "," or ")"');
      return { kind: 'in', path, negated: token.text === 'not_in', values, valuePosition };
    }
    throw this.fail(
      token,
      'expected an operator (is, is_not, =, !=, >, <, >=, <=, like, not_like, in, not_in, has, any)',
    );
  }

  private parseValueList(): Literal[] {
    const values = [this.parseValue()];
    while (this.acceptPunct(',')) values.push(this.parseValue());
    return values;
  }

  private parseSubQuery(): SubQuery {
    this.expectWord('select', 'expected "select"');
    const path = this.parsePath('expected an attribute to select');
    this.expectWord('from', 'expected "from" (a subquery selects one attribute)');
    const [entityType, entityPosition] = this.parseTypeName();
    const where = this.acceptWord('where') ? this.parseOr() : null;
    return { path, entityType, entityPosition, where };
  }

  private parseValue(): Literal {
    const token = this.peek();
    if (token.type === 'string') {
      this.index++;
      return token.text;
    }
    if (token.type !== 'word' || RESERVED.has(token.text))
      throw this.fail(token, 'expected a value');
    this.index++;
    const lower = token.text.toLowerCase();
    if (lower === 'none') return null;
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (NUMBER.test(token.text)) return Number(token.text);
    return token.text;
  }

  private parsePath(message: string): Path {
    const token = this.peek();
    if (token.type !== 'word' || !PATH.test(token.text) || RESERVED.has(token.text)) {
      throw this.fail(token, message);
    }
    this.index++;
    return { segments: token.text.split('.'), position: token.position };
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private peekWord(word: string): boolean {
    const token = this.peek();
    return token.type === 'word' && token.text === word;
  }

  private peekPunct(punct: string): boolean {
    const token = this.peek();
    return token.type === 'punct' && token.text === punct;
  }

  private acceptWord(word: string): boolean {
    if (!this.peekWord(word)) return false;
    this.index++;
    return true;
  }

  private acceptPunct(punct: string): boolean {
    if (!this.peekPunct(punct)) return false;
    this.index++;
    return true;
  }

  private expectWord(word: string, message: string): void {
    if (!this.acceptWord(word)) throw this.fail(this.peek(), message);
  }

  private expectPunct(punct: string, message: string): void {
    if (!this.acceptPunct(punct)) throw this.fail(this.peek(), message);
  }

  private fail(token: Token, message: string) {
    return syntaxError(this.expression, token.position, message);
  }
}
