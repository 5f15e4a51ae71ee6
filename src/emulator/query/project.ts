import { identityAttributes } from '../schemas.js';
import type { Row } from '../store.js';
import type { ResolvedPath, Step } from './compile.js';
import type { Evaluator } from './evaluate.js';

/** A tree of requested attributes: `a.b, a.c` → { a: { b: {}, c: {} } }. */
interface Projection {
  step?: Step;
  children: Map<string, Projection>;
}

export type Entity = Record<string, unknown> & { __entity_type__: string };

export function buildProjection(paths: ResolvedPath[]): Projection {
  const root: Projection = { children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const step of path.steps) {
      let child = node.children.get(step.name);
      if (child === undefined)
        node.children.set(step.name, (child = { step, children: new Map() }));
      node = child;
    }
  }
  return root;
}

/**
 * Encodes one row with `__entity_type__`, its primary key, (non-strict) its system
 * projections and the requested attributes; relationships nest, collections are arrays.
 */
export function encodeEntity(
  evaluator: Evaluator,
  type: string,
  row: Row,
  projection: Projection,
  strict: boolean,
): Entity {
  const entity: Entity = { __entity_type__: type };
  for (const key of identityAttributes(type, !strict)) entity[key] = row[key] ?? null;
  for (const [name, child] of projection.children) {
    const step = child.step!;
    if (step.kind === 'scalar') {
      entity[name] = row[step.column] ?? null;
    } else if (step.kind === 'reference') {
      const [target] = evaluator.follow([row], [step]);
      entity[name] =
        target === undefined ? null : encodeEntity(evaluator, step.target, target, child, strict);
    } else {
      entity[name] = evaluator
        .follow([row], [step])
        .map((t) => encodeEntity(evaluator, step.target, t, child, strict));
    }
  }
  return entity;
}
