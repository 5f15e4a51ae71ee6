import type { Scope } from '../model/index.js';
import { DEFAULT_EXPORT_SPLIT, splitUsers, type ExportSplit } from './export-split.js';
import type { ExportModel, ExportedFile, ExportedUser } from '../report/export-types.js';
import { yamlComment, yamlFlowList, yamlKey } from './yaml-text.js';

/**
 * The header of every file an export writes, after the schema line: how a later
 * `export --force` knows its files (export-files.ts).
 */
export const EXPORT_HEADER = '# Exported by `ftrack-roles export`';

/**
 * The first line of every file an export writes: editors with the YAML language server
 * (VS Code, Neovim, …) check and complete the file against the JSON Schema the package
 * ships (`schema/desired-state.v1.schema.json`), as published on the npm registry and
 * served by unpkg.com, so the line works wherever the files are, whatever installed the
 * tool. The file name carries the format version. docs/export-explain-drift.md says how to
 * point it at a local copy instead.
 */
export const SCHEMA_LINE =
  '# yaml-language-server: $schema=https://unpkg.com/ftrack-roles/schema/desired-state.v1.schema.json';

/**
 * Renders an export model as canonical format-1 YAML (pure, deterministic: no clock, no
 * key, sorted entries), as text built directly (linear in the number of grants).
 * `renderExportFiles` writes `settings.yaml`, `roles.yaml` and the users in the files of a
 * layout (see split-users.ts); `renderExportDocument` one document holding every section
 * (for stdout).
 */
export function renderExportFiles(
  model: ExportModel,
  options: { split?: ExportSplit } = {},
): ExportedFile[] {
  const split = options.split ?? DEFAULT_EXPORT_SPLIT;
  // With one users.yaml the users left out are listed there, else in settings.yaml.
  const skippedIn = split === 'none' ? 'users' : 'settings';
  const settingsNote = [
    ...settingsNoteOf(model),
    ...(skippedIn === 'settings' ? skippedNote(model) : []),
  ];
  const files: ExportedFile[] = [
    { path: 'settings.yaml', text: file(model, settingsNote, settingsLines(model)) },
    { path: 'roles.yaml', text: file(model, ROLES_NOTE, rolesLines(model)) },
  ];
  for (const part of splitUsers(model.users, split)) {
    const note = [`${part.label}, with the roles and scopes held on the server.`];
    if (skippedIn === 'users') note.push(...skippedNote(model));
    files.push({ path: part.path, text: file(model, note, usersLines(part.users)) });
  }
  return files;
}

export function renderExportDocument(model: ExportModel): string {
  const note = [...settingsNoteOf(model), '', ...USERS_NOTE, ...skippedNote(model)];
  const lines = [...settingsLines(model), ...rolesLines(model), ...usersLines(model.users)];
  return file(model, note, lines);
}

/** What the settings mean, and why they are not the defaults where they are not. */
function settingsNoteOf(model: ExportModel): string[] {
  const { manage, why } = model.settings;
  const meaning =
    manage === 'owned'
      ? [
          '`manage: owned`: the users named in these files end with exactly these roles, and',
          'any other user given a role of the catalogue later loses it at the next apply.',
        ]
      : ['`manage: declared`: only the users named in these files are changed.'];
  return [
    ...meaning,
    ...why,
    'Before the first apply, add `protected` roles (e.g. Administrator with `min_holders: 2`),',
    'and decide about service accounts (`ignore_users`, or keep their entries).',
  ];
}
const ROLES_NOTE = ['The role catalogue: every security role of the server (its type above it).'];
const USERS_NOTE = ['Every user holding a role, with the roles and scopes held on the server.'];

/**
 * A whole file: the schema line, the header comment, a blank line, `version: 1` and the
 * sections.
 */
function file(model: ExportModel, note: string[], sections: string[]): string {
  const header = [
    `Exported by \`ftrack-roles export\` from ${model.server}`,
    '`ftrack-roles plan` on these files reports no change until the server changes.',
    '',
    ...note,
  ];
  return `${SCHEMA_LINE}\n${yamlComment(header)}\n\nversion: 1\n${sections.join('\n')}\n`;
}

function skippedNote(model: ExportModel): string[] {
  if (model.skipped.length === 0) return [];
  return [
    '',
    'Users holding roles who are left out (the settings above leave them as they are):',
    ...model.skipped.map((s) => `  ${s.username}: ${s.reason}`),
  ];
}

function settingsLines(model: ExportModel): string[] {
  const { manage, inactiveUsers, ignoreUsers } = model.settings;
  const lines = ['settings:', `  manage: ${manage}`, `  inactive_users: ${inactiveUsers}`];
  if (ignoreUsers.length > 0) lines.push(`  ignore_users: ${yamlFlowList(ignoreUsers)}`);
  return lines;
}

function rolesLines(model: ExportModel): string[] {
  if (model.roles.length === 0) return ['roles: {}'];
  const lines = ['roles:'];
  for (const role of model.roles)
    lines.push(`  # ${role.type}`, `  ${yamlKey(role.name, '  ')}: {}`);
  return lines;
}

function usersLines(users: readonly ExportedUser[]): string[] {
  if (users.length === 0) return ['users: {}'];
  const lines = ['users:'];
  for (const user of users) {
    if (!user.isActive) lines.push('  # inactive on the server');
    lines.push(`  ${yamlKey(user.username, '  ')}:`);
    if (user.roles.length === 0) {
      lines.push('    roles: {}');
      continue;
    }
    lines.push('    roles:');
    for (const { role, scope } of user.roles) {
      lines.push(`      ${yamlKey(role, '      ')}: ${scopeText(scope)}`);
    }
  }
  return lines;
}

/** A scope in the format's syntax, as text (see scopeValue). */
function scopeText(scope: Scope): string {
  const value = scopeValue(scope);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return yamlFlowList(value);
  return `{all_open: ${value.all_open}, projects: ${yamlFlowList(value.projects)}}`;
}

/**
 * The scope syntax: `all-open`, a project list, or `{ all_open, projects }`. A role held
 * on no project at all is written `{ all_open: false, projects: [] }`, the explicit form,
 * which the config stage takes as meant (an empty list `[]` is warned about, FR308).
 */
export function scopeValue(
  scope: Scope,
): string | string[] | { all_open: boolean; projects: string[] } {
  if (!scope.all_open) {
    return scope.projects.length === 0 ? { all_open: false, projects: [] } : [...scope.projects];
  }
  if (scope.projects.length === 0) return 'all-open';
  return { all_open: true, projects: [...scope.projects] };
}
