import { folder } from '../collation.js';
import type { Collation } from '../server-options.js';
import type { Row, Store } from '../store.js';
import type { Literal } from './ast.js';
import type { CompiledCondition, CompiledSubQuery, ResolvedPath, Step } from './compile.js';

/**
 * Evaluates compiled conditions over stored rows. One instance per query execution. Under
 * a case-insensitive collation, `is`, `is_not`, `in`, `not_in`, `like` and `not_like`
 * compare strings lower-cased, and string look-ups do not use the (exact) indexes.
 */
export class Evaluator {
  private readonly subQueryValues = new Map<CompiledSubQuery, Set<unknown>>();
  private readonly fold: (value: unknown) => unknown;
  private readonly caseInsensitive: boolean;

  constructor(
    private readonly store: Store,
    collation: Collation = 'binary',
  ) {
    this.fold = folder(collation);
    this.caseInsensitive = collation === 'case-insensitive';
  }

  /** Rows of `type` matching `where`, using indexes for equality terms where possible. */
  filter(type: string, where: CompiledCondition | null): Row[] {
    const table = this.store.table(type);
    if (table === undefined) return [];
    const candidates = where === null ? undefined : this.candidates(type, where);
    const rows =
      candidates === undefined
        ? [...table.rows.values()]
        : [...candidates].map((id) => table.rows.get(id)).filter((r): r is Row => r !== undefined);
    return where === null ? rows : rows.filter((row) => this.test(type, row, where));
  }

  test(type: string, row: Row, condition: CompiledCondition): boolean {
    switch (condition.kind) {
      case 'and':
        return this.test(type, row, condition.left) && this.test(type, row, condition.right);
      case 'or':
        return this.test(type, row, condition.left) || this.test(type, row, condition.right);
      case 'not':
        return !this.test(type, row, condition.operand);
      case 'compare':
        return this.values(row, condition.path).some((v) =>
          this.compare(v, condition.op, condition.value),
        );
      case 'in': {
        const set = Array.isArray(condition.values)
          ? new Set<unknown>(
              this.caseInsensitive ? condition.values.map(this.fold) : condition.values,
            )
          : this.subQuery(condition.values);
        return this.values(row, condition.path).some(
          (v) => v !== null && set.has(this.fold(comparable(v))) !== condition.negated,
        );
      }
      case 'relation': {
        const targets = this.follow([row], condition.path.steps);
        const criteria = condition.criteria;
        return criteria === null
          ? targets.length > 0
          : targets.some((t) => this.test(condition.target, t, criteria));
      }
    }
  }

  /** Values a path reaches from a row (several through collections, none if a link is null). */
  values(row: Row, path: ResolvedPath): unknown[] {
    const steps = path.steps;
    const last = steps[steps.length - 1]!;
    if (last.kind !== 'scalar') return [];
    const rows = steps.length === 1 ? [row] : this.follow([row], steps.slice(0, -1));
    return rows.map((r) => r[last.column] ?? null);
  }

  /** Follows relationship steps from some rows. */
  follow(rows: Row[], steps: Step[]): Row[] {
    let current = rows;
    for (const step of steps) {
      if (step.kind === 'scalar') return [];
      const relation = step.relation;
      if (relation === undefined) return [];
      const next: Row[] = [];
      for (const row of current) {
        if (step.kind === 'reference') {
          const target = this.store.get(step.target, row[relation.fk]);
          if (target !== undefined) next.push(target);
        } else {
          next.push(...this.store.find(step.target, relation.fk, row.id));
        }
      }
      current = next;
    }
    return current;
  }

  private subQuery(sub: CompiledSubQuery): Set<unknown> {
    let set = this.subQueryValues.get(sub);
    if (set === undefined) {
      set = new Set();
      for (const row of this.filter(sub.entityType, sub.where)) {
        for (const v of this.values(row, sub.path))
          if (v !== null) set.add(this.fold(comparable(v)));
      }
      this.subQueryValues.set(sub, set);
    }
    return set;
  }

  /**
   * Ids that can possibly match (a superset), from indexes; undefined when no index helps.
   * Handles `path is value` and `path in (...)` through scalar references and collections.
   */
  candidates(type: string, condition: CompiledCondition): Set<string> | undefined {
    if (condition.kind === 'and') {
      const left = this.candidates(type, condition.left);
      const right = this.candidates(type, condition.right);
      if (left === undefined || right === undefined) return left ?? right;
      const [small, large] = left.size <= right.size ? [left, right] : [right, left];
      return new Set([...small].filter((id) => large.has(id)));
    }
    if (condition.kind === 'or') {
      const left = this.candidates(type, condition.left);
      const right = this.candidates(type, condition.right);
      return left === undefined || right === undefined ? undefined : new Set([...left, ...right]);
    }
    if (condition.kind === 'compare' && condition.op === 'eq' && condition.value !== null) {
      return this.lookupPath(type, condition.path.steps, [condition.value]);
    }
    if (condition.kind === 'in' && !condition.negated && Array.isArray(condition.values)) {
      return this.lookupPath(
        type,
        condition.path.steps,
        condition.values.filter((v) => v !== null),
      );
    }
    return undefined;
  }

  private lookupPath(type: string, steps: Step[], values: unknown[]): Set<string> | undefined {
    const table = this.store.table(type);
    const [first, ...rest] = steps;
    if (table === undefined || first === undefined) return undefined;
    if (first.kind === 'scalar') {
      if (!table.isIndexed(first.column)) return undefined;
      if (this.caseInsensitive && values.some((v) => typeof v === 'string')) return undefined;
      const out = new Set<string>();
      for (const v of values) for (const id of table.lookup(first.column, v)!) out.add(id);
      return out;
    }
    const relation = first.relation;
    if (relation === undefined) return new Set();
    const targetIds = this.lookupPath(first.target, rest, values);
    if (targetIds === undefined) return undefined;
    const out = new Set<string>();
    if (first.kind === 'reference') {
      if (!table.isIndexed(relation.fk)) return undefined;
      for (const tid of targetIds) for (const id of table.lookup(relation.fk, tid)!) out.add(id);
    } else {
      for (const tid of targetIds) {
        const fk = this.store.get(first.target, tid)?.[relation.fk];
        if (typeof fk === 'string') out.add(fk);
      }
    }
    return out;
  }

  private compare(raw: unknown, op: string, literal: Literal): boolean {
    const value = comparable(raw);
    if (literal === null) return op === 'eq' ? value === null : value !== null;
    if (value === null) return false;
    const ci = this.caseInsensitive;
    switch (op) {
      case 'eq':
        return this.fold(value) === this.fold(literal);
      case 'ne':
        return this.fold(value) !== this.fold(literal);
      case 'like':
        return typeof value === 'string' && likePattern(String(literal), ci).test(value);
      case 'not_like':
        return typeof value === 'string' && !likePattern(String(literal), ci).test(value);
      default:
        return ordered(value, op, literal);
    }
  }
}

/** Datetime values travel as `{__type__, value}`; compare their `value`. */
export function comparable(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '__type__' in value && 'value' in value) {
    return (value as { value: unknown }).value;
  }
  return value;
}

function ordered(value: unknown, op: string, literal: Literal): boolean {
  if (typeof value !== typeof literal) return false;
  const a = value as string | number;
  const b = literal as string | number;
  if (op === 'gt') return a > b;
  if (op === 'lt') return a < b;
  if (op === 'ge') return a >= b;
  return a <= b;
}

const likeCache = new Map<string, RegExp>();

/** SQL LIKE: `%` any run, `_` one character, backslash escapes the next character. */
function likePattern(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : ''}\u0000${pattern}`;
  let regex = likeCache.get(key);
  if (regex !== undefined) return regex;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegex(pattern[++i]!);
    else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += escapeRegex(ch);
  }
  regex = new RegExp(`^${source}$`, ignoreCase ? 'iu' : 'u');
  if (likeCache.size > 1000) likeCache.clear();
  likeCache.set(key, regex);
  return regex;
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(ch) ? `\\${ch}` : ch;
}
