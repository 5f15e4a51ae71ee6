import rawSchemas from './data/query-schemas.json' with { type: 'json' };

/** One property of a `query_schemas` entity schema (only the fields the emulator reads). */
export interface PropertySchema {
  type?: string;
  $ref?: string;
  items?: { $ref?: string };
  format?: string;
  default?: unknown;
  alias_for?: unknown;
}

export interface EntitySchema {
  id: string;
  primary_key: string[];
  properties: Record<string, PropertySchema>;
  default_projections?: string[];
  system_projections?: string[];
  immutable?: string[];
  computed?: string[];
}

/** What a schema property is, for paths in queries and projections. */
export type AttributeKind =
  | { kind: 'scalar'; type: string | undefined }
  | { kind: 'reference'; target: string }
  | { kind: 'collection'; target: string };

/** The complete `query_schemas` answer of a real server (116 types), served verbatim. */
export const QUERY_SCHEMAS: readonly unknown[] = rawSchemas;

const schemaById = new Map<string, EntitySchema>(
  (rawSchemas as unknown as EntitySchema[]).map((s) => [s.id, s]),
);

export function findSchema(entityType: string): EntitySchema | undefined {
  return schemaById.get(entityType);
}

/** Classifies one attribute of an entity type; undefined when the schema has no such attribute. */
export function attributeKind(entityType: string, attribute: string): AttributeKind | undefined {
  const property = schemaById.get(entityType)?.properties[attribute];
  if (property === undefined || !Object.hasOwn(schemaById.get(entityType)!.properties, attribute)) {
    return undefined;
  }
  if (typeof property.$ref === 'string') return { kind: 'reference', target: property.$ref };
  if (property.type === 'array' || property.type === 'mapped_array') {
    return { kind: 'collection', target: property.items?.$ref ?? '' };
  }
  return { kind: 'scalar', type: property.type };
}

/** Primary key attributes plus, in non-strict mode, the system projections of a type. */
export function identityAttributes(entityType: string, includeSystem: boolean): string[] {
  const schema = schemaById.get(entityType);
  if (schema === undefined) return ['id'];
  const keys = [...schema.primary_key];
  if (includeSystem) {
    for (const name of schema.system_projections ?? []) if (!keys.includes(name)) keys.push(name);
  }
  return keys;
}
