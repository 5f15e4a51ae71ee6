/**
 * The entity types the emulator stores, their indexes and relationships. Every other type
 * of the schema list exists for queries but has no rows.
 */

export interface Relation {
  target: string;
  /** Scalar reference: the attribute of this row holding the target id. Collection: the
   * attribute of the target rows holding this row's id. */
  fk: string;
}

export interface StoredType {
  /** Attributes with an equality index (unique or not). */
  indexes: readonly string[];
  references: Readonly<Record<string, Relation>>;
  collections: Readonly<Record<string, Relation>>;
  /** Attributes a plain create/update may set (relationship names included). */
  writable: readonly string[];
  /** Values of a freshly created row, before the client's data. */
  defaults: Readonly<Record<string, unknown>>;
  /** Attributes that are another attribute's column. */
  aliases?: Readonly<Record<string, string>>;
}

/** The id of the `UserType` row "user", as in the real server's create fixture. */
export const DEFAULT_USER_TYPE_ID = 'ac9fa5aa-4361-11e0-b7cc-0019bb4983d8';

/** The names of ftrack's user types that the emulator knows. */
export type UserTypeName = 'user' | 'service' | 'demo';

/**
 * The fixed, read-only `UserType` rows, name → id. "user" keeps the real server's id; the
 * ids of "service" and "demo" are `stableId('UserType', name)` (state.ts), the derivation
 * the seed uses for every entity without an explicit id: the SHA-1 of
 * `"UserType\0service"` / `"UserType\0demo"` laid out as a version-5 UUID. They are written
 * out here so that they never change (a test checks the derivation).
 */
export const USER_TYPE_IDS: Readonly<Record<UserTypeName, string>> = {
  user: DEFAULT_USER_TYPE_ID,
  service: '6f35e714-d0f1-51f6-bcda-31b3e0556b7c',
  demo: '097980f8-9fd9-5379-8ca8-ddf5d8568900',
};

export function isUserTypeName(value: unknown): value is UserTypeName {
  return typeof value === 'string' && Object.hasOwn(USER_TYPE_IDS, value);
}

export const STORED_TYPES: Readonly<Record<string, StoredType>> = {
  User: {
    indexes: ['username', 'user_type_id'],
    references: { user_type: { target: 'UserType', fk: 'user_type_id' } },
    collections: {
      user_security_roles: { target: 'UserSecurityRole', fk: 'user_id' },
      memberships: { target: 'Membership', fk: 'user_id' },
    },
    writable: [
      'username',
      'email',
      'first_name',
      'last_name',
      'is_active',
      'is_otp_enabled',
      'is_totp_enabled',
      'require_details_update',
      'user_type_id',
      'user_type',
      'thumbnail_id',
    ],
    defaults: {
      first_name: '',
      last_name: '',
      email: null,
      is_active: true,
      is_otp_enabled: false,
      is_totp_enabled: false,
      require_details_update: false,
      user_type_id: DEFAULT_USER_TYPE_ID,
      thumbnail_id: null,
      resource_type: 'user',
    },
  },
  Project: {
    indexes: ['name'],
    references: {},
    collections: {
      user_security_role_projects: { target: 'UserSecurityRoleProject', fk: 'project_id' },
    },
    writable: [
      'name',
      'full_name',
      'is_private',
      'status',
      'is_global',
      'color',
      'start_date',
      'end_date',
      'project_schema_id',
      'thumbnail_id',
      'disk_id',
    ],
    defaults: {
      full_name: '',
      is_private: false,
      status: 'active',
      is_global: false,
      context_type: 'show',
      color: null,
      start_date: null,
      end_date: null,
      project_schema_id: null,
      thumbnail_id: null,
      disk_id: null,
    },
  },
  SecurityRole: {
    indexes: ['name'],
    references: {},
    collections: { user_security_roles: { target: 'UserSecurityRole', fk: 'security_role_id' } },
    writable: ['name', 'type'],
    defaults: {},
  },
  UserSecurityRole: {
    indexes: ['user_id', 'security_role_id'],
    references: {
      user: { target: 'User', fk: 'user_id' },
      security_role: { target: 'SecurityRole', fk: 'security_role_id' },
    },
    collections: {
      user_security_role_projects: {
        target: 'UserSecurityRoleProject',
        fk: 'user_security_role_id',
      },
    },
    writable: [],
    defaults: { is_all_open_projects: false },
    aliases: { is_all_projects: 'is_all_open_projects' },
  },
  UserSecurityRoleProject: {
    indexes: ['user_security_role_id', 'project_id'],
    references: {
      user_security_role: { target: 'UserSecurityRole', fk: 'user_security_role_id' },
      project: { target: 'Project', fk: 'project_id' },
    },
    collections: {},
    writable: [],
    defaults: {},
  },
  Group: {
    indexes: ['name', 'parent_id'],
    references: { parent: { target: 'Group', fk: 'parent_id' } },
    collections: {
      children: { target: 'Group', fk: 'parent_id' },
      memberships: { target: 'Membership', fk: 'group_id' },
    },
    writable: ['name', 'local', 'parent_id', 'parent'],
    defaults: { local: false, parent_id: null, resource_type: 'group' },
  },
  Membership: {
    indexes: ['user_id', 'group_id'],
    references: {
      user: { target: 'User', fk: 'user_id' },
      group: { target: 'Group', fk: 'group_id' },
    },
    collections: {},
    writable: ['user_id', 'user', 'group_id', 'group'],
    defaults: {},
  },
  UserType: {
    indexes: ['name'],
    references: {},
    collections: {},
    writable: [],
    defaults: {},
  },
};

export function storedType(entityType: string): StoredType | undefined {
  return Object.hasOwn(STORED_TYPES, entityType) ? STORED_TYPES[entityType] : undefined;
}

/** The column an attribute reads (resolves aliases such as `is_all_projects`). */
export function columnOf(entityType: string, attribute: string): string {
  return storedType(entityType)?.aliases?.[attribute] ?? attribute;
}
