/** The syntax tree of one query expression. Positions are 0-based character offsets. */

export type Literal = string | number | boolean | null;

export interface Path {
  segments: string[];
  position: number;
}

export type CompareOp = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'like' | 'not_like';

export interface SubQuery {
  path: Path;
  entityType: string;
  entityPosition: number;
  where: Condition | null;
}

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; path: Path; op: CompareOp; value: Literal; valuePosition: number }
  | {
      kind: 'in';
      path: Path;
      negated: boolean;
      values: Literal[] | SubQuery;
      valuePosition: number;
    }
  | { kind: 'relation'; path: Path; quantifier: 'has' | 'any'; criteria: Condition | null };

export interface SortKey {
  path: Path;
  descending: boolean;
}

export interface Query {
  select: Path[];
  entityType: string;
  entityPosition: number;
  where: Condition | null;
  orderBy: SortKey[];
  offset: number | null;
  limit: number | null;
}
