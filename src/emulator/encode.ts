import { findSchema } from './schemas.js';

type Json = unknown;

function identityKey(entity: Record<string, unknown>): string | undefined {
  const type = entity['__entity_type__'];
  if (typeof type !== 'string') return undefined;
  const keys = findSchema(type)?.primary_key ?? ['id'];
  return JSON.stringify([type, ...keys.map((k) => entity[k] ?? null)]);
}

/**
 * Normalises a response (all results of one call): the first occurrence of an entity in
 * depth-first document order is encoded in full, every later one becomes a reference
 * `{__entity_type__, <primary key>}`; attributes only the later occurrence carried are
 * merged into the first. Mutates the entity objects in place (they are built per call).
 */
export function normaliseResponse(results: Json[], skip: ReadonlySet<Json> = new Set()): Json[] {
  const seen = new Map<string, Record<string, unknown>>();
  return results.map((r) => (skip.has(r) ? r : normaliseValue(r, seen)));
}

function normaliseValue(value: Json, seen: Map<string, Record<string, unknown>>): Json {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normaliseValue(value[i], seen);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const key = identityKey(record);
  const first = key === undefined ? undefined : seen.get(key);
  if (key !== undefined && first === undefined) seen.set(key, record);
  for (const [name, child] of Object.entries(record)) {
    if (child !== null && typeof child === 'object') record[name] = normaliseValue(child, seen);
  }
  if (first === undefined || first === record) return record;
  const reference: Record<string, unknown> = { __entity_type__: record['__entity_type__'] };
  const type = record['__entity_type__'] as string;
  for (const k of findSchema(type)?.primary_key ?? ['id']) reference[k] = record[k];
  for (const [name, child] of Object.entries(record)) {
    if (!(name in first)) first[name] = child;
  }
  return reference;
}
