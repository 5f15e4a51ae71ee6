import { STORED_TYPES } from './entities.js';

/** One stored entity: its scalar attributes (foreign keys included), `id` always set. */
export type Row = Readonly<Record<string, unknown>> & { readonly id: string };

type UndoStep =
  | { op: 'insert'; type: string; id: string }
  | { op: 'update'; type: string; before: Row }
  | { op: 'delete'; type: string; before: Row };

/** One table: rows by id plus equality indexes (value → ids) on chosen attributes. */
export class Table {
  readonly rows = new Map<string, Row>();
  private readonly indexes = new Map<string, Map<unknown, Set<string>>>();

  constructor(indexed: readonly string[]) {
    for (const attribute of indexed) if (attribute !== 'id') this.indexes.set(attribute, new Map());
  }

  isIndexed(attribute: string): boolean {
    return attribute === 'id' || this.indexes.has(attribute);
  }

  /** Ids whose `attribute` equals `value`; undefined when the attribute has no index. */
  lookup(attribute: string, value: unknown): ReadonlySet<string> | undefined {
    if (attribute === 'id') {
      return typeof value === 'string' && this.rows.has(value) ? new Set([value]) : new Set();
    }
    const index = this.indexes.get(attribute);
    if (index === undefined) return undefined;
    return index.get(value ?? null) ?? EMPTY;
  }

  add(row: Row): void {
    this.rows.set(row.id, row);
    this.index(row);
  }

  /** Swaps a row for its new version in place (keeps its position in insertion order). */
  replace(before: Row, after: Row): void {
    this.unindex(before);
    this.rows.set(after.id, after);
    this.index(after);
  }

  drop(row: Row): void {
    this.rows.delete(row.id);
    this.unindex(row);
  }

  private index(row: Row): void {
    for (const [attribute, index] of this.indexes) {
      const key = row[attribute] ?? null;
      let ids = index.get(key);
      if (ids === undefined) index.set(key, (ids = new Set()));
      ids.add(row.id);
    }
  }

  private unindex(row: Row): void {
    for (const [attribute, index] of this.indexes) {
      const key = row[attribute] ?? null;
      const ids = index.get(key);
      ids?.delete(row.id);
      if (ids?.size === 0) index.delete(key);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * In-memory tables with an undo log: `transact` runs a function and, if it throws, undoes
 * every change it made, so one call is all-or-nothing. `version` changes with every write
 * (used to invalidate query caches).
 */
export class Store {
  private readonly tables = new Map<string, Table>();
  private undo: UndoStep[] | null = null;
  private versionCounter = 0;

  constructor() {
    for (const [name, type] of Object.entries(STORED_TYPES)) {
      this.tables.set(name, new Table(type.indexes));
    }
  }

  get version(): number {
    return this.versionCounter;
  }

  table(type: string): Table | undefined {
    return this.tables.get(type);
  }

  get(type: string, id: unknown): Row | undefined {
    return typeof id === 'string' ? this.tables.get(type)?.rows.get(id) : undefined;
  }

  /** Rows of `type` whose `attribute` equals `value` (index when there is one, else a scan). */
  find(type: string, attribute: string, value: unknown): Row[] {
    const table = this.tables.get(type);
    if (table === undefined) return [];
    const ids = table.lookup(attribute, value);
    if (ids !== undefined) return [...ids].map((id) => table.rows.get(id)!);
    return [...table.rows.values()].filter((r) => (r[attribute] ?? null) === (value ?? null));
  }

  insert(type: string, row: Row): void {
    const table = this.mustTable(type);
    if (table.rows.has(row.id)) throw new Error(`duplicate ${type} id ${row.id}`);
    table.add(row);
    this.record({ op: 'insert', type, id: row.id });
  }

  update(type: string, id: string, patch: Record<string, unknown>): Row {
    const table = this.mustTable(type);
    const before = table.rows.get(id);
    if (before === undefined) throw new Error(`no ${type} ${id}`);
    const after = { ...before, ...patch, id } as Row;
    table.replace(before, after);
    this.record({ op: 'update', type, before });
    return after;
  }

  remove(type: string, id: string): void {
    const table = this.mustTable(type);
    const before = table.rows.get(id);
    if (before === undefined) return;
    table.drop(before);
    this.record({ op: 'delete', type, before });
  }

  /** Runs `work` atomically: on a throw every change it made is undone, then rethrown. */
  transact<T>(work: () => T): T {
    if (this.undo !== null) throw new Error('nested transaction');
    this.undo = [];
    try {
      const result = work();
      this.undo = null;
      return result;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** True when the running transaction has written anything. */
  get dirty(): boolean {
    return (this.undo?.length ?? 0) > 0;
  }

  private rollback(): void {
    const steps = this.undo ?? [];
    this.undo = null;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i]!;
      const table = this.mustTable(step.type);
      if (step.op === 'insert') {
        const row = table.rows.get(step.id);
        if (row !== undefined) table.drop(row);
      } else if (step.op === 'update') {
        const current = table.rows.get(step.before.id);
        if (current !== undefined) table.replace(current, step.before);
        else table.add(step.before);
      } else {
        table.add(step.before);
      }
    }
    this.versionCounter++;
  }

  private record(step: UndoStep): void {
    this.versionCounter++;
    this.undo?.push(step);
  }

  private mustTable(type: string): Table {
    const table = this.tables.get(type);
    if (table === undefined) throw new Error(`type ${type} is not stored`);
    return table;
  }
}
