import type { DoctorCheck } from './doctor-types.js';

/** Entity type → the attribute paths used on it (`id`, `security_role.name`). */
export type UsedAttributes = ReadonlyMap<string, ReadonlySet<string>>;

const PATH = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*`;
const OPERATORS = String.raw`is_not|is|not_in|in|not_like|like|has|any|=|!=|>=|<=|>|<`;

/**
 * The entity types and attribute paths a set of query expressions uses: the `select` list,
 * the `from` type, the paths compared in `where` and the `order by` keys (quoted values
 * left out). A text that is not a `select … from Type` query is ignored.
 */
export function usedAttributes(expressions: readonly string[]): UsedAttributes {
  const used = new Map<string, Set<string>>();
  for (const expression of expressions) {
    const text = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
    const head = /^\s*select\s+(.+?)\s+from\s+([A-Za-z_][A-Za-z0-9_]*)\b(.*)$/is.exec(text);
    if (head === null) continue;
    const [, projections = '', type = '', rest = ''] = head;
    const paths = used.get(type) ?? new Set<string>();
    used.set(type, paths);
    for (const path of projections.split(',')) paths.add(path.trim());
    for (const m of rest.matchAll(
      new RegExp(`(?<![\\w.])(${PATH})\\s*(?:${OPERATORS})(?![A-Za-z_])`, 'g'),
    ))
      if (!['where', 'and', 'or', 'not'].includes(m[1]!)) paths.add(m[1]!);
    const order = /\border\s+by\s+(.+?)(?:\s+offset\b|\s+limit\b|$)/is.exec(rest);
    for (const key of order?.[1]?.split(',') ?? []) paths.add(key.trim().split(/\s+/)[0]!);
  }
  return used;
}

interface SchemaType {
  properties: Record<string, { $ref?: string; items?: { $ref?: string } }>;
  mixin?: string;
}

/** The `query_schemas` answer as type name → properties (with its `$mixin`). */
function readSchemas(answer: unknown): Map<string, SchemaType> {
  const types = new Map<string, SchemaType>();
  for (const schema of Array.isArray(answer) ? answer : []) {
    const s = schema as { id?: unknown; properties?: unknown; $mixin?: { $ref?: unknown } };
    if (typeof s.id !== 'string') continue;
    const properties = (
      typeof s.properties === 'object' && s.properties !== null ? s.properties : {}
    ) as SchemaType['properties'];
    const mixin = s.$mixin?.$ref;
    types.set(s.id, { properties, ...(typeof mixin === 'string' ? { mixin } : {}) });
  }
  return types;
}

/** The property of a type, looking into its `$mixin` chain. */
function propertyOf(types: Map<string, SchemaType>, type: string, name: string) {
  const seen = new Set<string>();
  for (let t = types.get(type); t !== undefined && !seen.has(type);) {
    const property = t.properties[name];
    if (property !== undefined) return property;
    seen.add(type);
    if (t.mixin === undefined) return undefined;
    type = t.mixin;
    t = types.get(type);
  }
  return undefined;
}

/** The first part of `path` on `type` that the schemas lack, or undefined when all exist. */
function missingPart(types: Map<string, SchemaType>, type: string, path: string) {
  let current = type;
  const parts = path.split('.');
  for (const [i, part] of parts.entries()) {
    const property = propertyOf(types, current, part);
    if (property === undefined) return `${current}.${part}`;
    const next = property.$ref ?? property.items?.$ref;
    if (i < parts.length - 1) {
      if (next === undefined || !types.has(next)) return `${current}.${part} (not a relation)`;
      current = next;
    }
  }
  return undefined;
}

/** Every entity type and attribute ftrack-roles uses exists in the server's schemas. */
export function checkSchema(answer: unknown, used: UsedAttributes): DoctorCheck {
  const types = readSchemas(answer);
  const missing: string[] = [];
  let attributes = 0;
  for (const [type, paths] of [...used].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!types.has(type)) {
      missing.push(type);
      continue;
    }
    for (const path of [...paths].sort()) {
      attributes++;
      const lacking = missingPart(types, type, path);
      if (lacking !== undefined) missing.push(lacking);
    }
  }
  const details = { types: [...used.keys()].sort(), attributes, server_types: types.size, missing };
  if (missing.length > 0) {
    return {
      id: 'schema',
      status: 'error',
      summary: `The server's schema lacks what ftrack-roles reads: ${missing.join(', ')}.`,
      hint: 'ftrack-roles needs the security-role model of ftrack 4.2 or later (UserSecurityRole.is_all_open_projects, UserSecurityRoleProject): upgrade the server, or check that the API user may read these types.',
      details,
    };
  }
  return {
    id: 'schema',
    status: 'ok',
    summary: `All ${used.size} entity types and ${attributes} attributes ftrack-roles reads exist (${types.size} types on the server).`,
    details,
  };
}
