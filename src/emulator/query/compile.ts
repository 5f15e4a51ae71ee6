import { columnOf, storedType, type Relation } from '../entities.js';
import { attributeKind, findSchema } from '../schemas.js';
import type { CompareOp, Condition, Literal, Path, Query } from './ast.js';
import { syntaxError } from './tokenize.js';

/** One resolved step of a dotted path. */
export type Step =
  | { kind: 'scalar'; name: string; column: string; type: string | undefined }
  | { kind: 'reference' | 'collection'; name: string; target: string; relation?: Relation };

export interface ResolvedPath {
  steps: Step[];
  text: string;
}

export interface CompiledSubQuery {
  path: ResolvedPath;
  entityType: string;
  where: CompiledCondition | null;
}

export type CompiledCondition =
  | { kind: 'and' | 'or'; left: CompiledCondition; right: CompiledCondition }
  | { kind: 'not'; operand: CompiledCondition }
  | { kind: 'compare'; path: ResolvedPath; op: CompareOp; value: Literal }
  | { kind: 'in'; path: ResolvedPath; negated: boolean; values: Literal[] | CompiledSubQuery }
  | { kind: 'relation'; path: ResolvedPath; criteria: CompiledCondition | null; target: string };

export interface CompiledQuery {
  entityType: string;
  select: ResolvedPath[];
  where: CompiledCondition | null;
  orderBy: { path: ResolvedPath; descending: boolean }[];
  offset: number;
  limit: number | null;
}

/** Resolves every path against the schemas and types every literal; errors name positions. */
export function compileQuery(query: Query, expression: string): CompiledQuery {
  const c = new Compiler(expression);
  c.checkType(query.entityType, query.entityPosition);
  return {
    entityType: query.entityType,
    select: query.select.map((p) => c.resolve(query.entityType, p, 'select')),
    where: query.where === null ? null : c.condition(query.entityType, query.where),
    orderBy: query.orderBy.map((k) => ({
      path: c.resolve(query.entityType, k.path, 'order'),
      descending: k.descending,
    })),
    offset: query.offset ?? 0,
    limit: query.limit,
  };
}

class Compiler {
  constructor(private readonly expression: string) {}

  checkType(entityType: string, position: number): void {
    if (findSchema(entityType) === undefined) {
      throw syntaxError(this.expression, position, `unknown entity type "${entityType}"`);
    }
  }

  condition(type: string, node: Condition): CompiledCondition {
    switch (node.kind) {
      case 'and':
      case 'or':
        return {
          kind: node.kind,
          left: this.condition(type, node.left),
          right: this.condition(type, node.right),
        };
      case 'not':
        return { kind: 'not', operand: this.condition(type, node.operand) };
      case 'compare': {
        const path = this.resolve(type, node.path, 'filter');
        const value = this.coerce(path, node.value, node.op, node.valuePosition);
        return { kind: 'compare', path, op: node.op, value };
      }
      case 'in': {
        const path = this.resolve(type, node.path, 'filter');
        if (Array.isArray(node.values)) {
          const values = node.values.map((v) => this.coerce(path, v, 'eq', node.valuePosition));
          return { kind: 'in', path, negated: node.negated, values };
        }
        const sub = node.values;
        this.checkType(sub.entityType, sub.entityPosition);
        const subPath = this.resolve(sub.entityType, sub.path, 'filter');
        const where = sub.where === null ? null : this.condition(sub.entityType, sub.where);
        return {
          kind: 'in',
          path,
          negated: node.negated,
          values: { path: subPath, entityType: sub.entityType, where },
        };
      }
      case 'relation': {
        const path = this.resolve(type, node.path, node.quantifier);
        const last = path.steps[path.steps.length - 1]!;
        if (last.kind === 'scalar')
          throw this.fail(node.path, `"${path.text}" is not a relationship`);
        const criteria = node.criteria === null ? null : this.condition(last.target, node.criteria);
        return { kind: 'relation', path, criteria, target: last.target };
      }
    }
  }

  /** Resolves a dotted path; `use` decides what the last step may be. */
  resolve(
    type: string,
    path: Path,
    use: 'select' | 'filter' | 'order' | 'has' | 'any',
  ): ResolvedPath {
    const steps: Step[] = [];
    let current = type;
    path.segments.forEach((name, i) => {
      const kind = attributeKind(current, name);
      if (kind === undefined) throw this.fail(path, `"${current}" has no attribute "${name}"`);
      const last = i === path.segments.length - 1;
      if (kind.kind === 'scalar') {
        if (!last) throw this.fail(path, `"${name}" of "${current}" is not a relationship`);
        steps.push({ kind: 'scalar', name, column: columnOf(current, name), type: kind.type });
        return;
      }
      if (use === 'order' && kind.kind === 'collection') {
        throw this.fail(path, `cannot order by the collection "${name}"`);
      }
      const relation = (
        kind.kind === 'reference'
          ? storedType(current)?.references
          : storedType(current)?.collections
      )?.[name];
      steps.push({ kind: kind.kind, name, target: kind.target, ...(relation ? { relation } : {}) });
      current = kind.target;
    });
    const last = steps[steps.length - 1]!;
    if ((use === 'filter' || use === 'order') && last.kind !== 'scalar') {
      throw this.fail(
        path,
        `"${path.segments.join('.')}" is a relationship; compare one of its attributes`,
      );
    }
    if (use === 'has' && last.kind !== 'reference') {
      throw this.fail(
        path,
        `"has" needs a scalar relationship; use "any" for the collection "${last.name}"`,
      );
    }
    if (use === 'any' && last.kind !== 'collection') {
      throw this.fail(path, `"any" needs a collection; use "has" for "${last.name}"`);
    }
    return { steps, text: path.segments.join('.') };
  }

  private coerce(path: ResolvedPath, value: Literal, op: CompareOp, position: number): Literal {
    const last = path.steps[path.steps.length - 1]!;
    const type = last.kind === 'scalar' ? last.type : undefined;
    if (value === null) {
      if (op !== 'eq' && op !== 'ne')
        throw syntaxError(this.expression, position, 'none can only be compared with is / is_not');
      return null;
    }
    if (op === 'like' || op === 'not_like') {
      if (typeof value !== 'string')
        throw syntaxError(this.expression, position, 'like needs a string pattern');
      return value;
    }
    if (type === 'boolean') return this.toBoolean(value, op, position);
    if (type === 'integer' || type === 'number') {
      const n = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'boolean' || value === '' || Number.isNaN(n)) {
        throw syntaxError(this.expression, position, `"${path.text}" is a number`);
      }
      return n;
    }
    if (typeof value === 'boolean') {
      throw syntaxError(
        this.expression,
        position,
        `"${path.text}" is not a boolean; quote the value`,
      );
    }
    return typeof value === 'number' ? String(value) : value;
  }

  private toBoolean(value: Literal, op: CompareOp, position: number): boolean {
    if (op !== 'eq' && op !== 'ne')
      throw syntaxError(
        this.expression,
        position,
        'booleans can only be compared with is / is_not',
      );
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === 0) return value === 1;
    if (typeof value === 'string' && /^(true|false)$/i.test(value))
      return value.toLowerCase() === 'true';
    throw syntaxError(this.expression, position, 'expected true or false');
  }

  private fail(path: Path, message: string) {
    return syntaxError(this.expression, path.position, message);
  }
}
