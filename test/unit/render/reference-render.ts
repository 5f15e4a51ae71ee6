import { Document, isMap, isScalar, visit } from 'yaml';
import type { Scope } from '../../../src/model/index.js';
import type { ExportModel, ExportedFile } from '../../../src/report/export-types.js';

/**
 * The export renderer as it was before the text renderer (src/export/render-export.ts),
 * built on the `yaml` library's document model: the reference its output is compared with.
 * Only the form of a role held on no project follows the current format.
 */
export function referenceExportFiles(model: ExportModel): ExportedFile[] {
  return [
    {
      path: 'settings.yaml',
      text: toYaml(header(model, settingsNote(model)), settingsPart(model), model),
    },
    { path: 'roles.yaml', text: toYaml(header(model, ROLES_NOTE), rolesPart(model), model) },
    {
      path: 'users.yaml',
      text: toYaml([...header(model, USERS_NOTE), ...skippedNote(model)], usersPart(model), model),
    },
  ];
}

export function referenceExportDocument(model: ExportModel): string {
  const content = { ...settingsPart(model), ...rolesPart(model), ...usersPart(model) };
  const note = [...settingsNote(model), '', ...USERS_NOTE];
  return toYaml([...header(model, note), ...skippedNote(model)], content, model);
}

/** The settings comment (the ownership model's wording, as the renderer writes it). */
function settingsNote(model: ExportModel): string[] {
  const meaning =
    model.settings.manage === 'owned'
      ? [
          '`manage: owned`: the users named in these files end with exactly these roles, and',
          'any other user given a role of the catalogue later loses it at the next apply.',
        ]
      : ['`manage: declared`: only the users named in these files are changed.'];
  return [
    ...meaning,
    ...model.settings.why,
    'Before the first apply, add `protected` roles (e.g. Administrator with `min_holders: 2`),',
    'and decide about service accounts (`ignore_users`, or keep their entries).',
  ];
}
const ROLES_NOTE = ['The role catalogue: every security role of the server (its type above it).'];
const USERS_NOTE = ['Every user holding a role, with the roles and scopes held on the server.'];

function header(model: ExportModel, note: string[]): string[] {
  return [
    'yaml-language-server: $schema=https://unpkg.com/ftrack-roles/schema/desired-state.v1.schema.json',
    `Exported by \`ftrack-roles export\` from ${model.server}`,
    '`ftrack-roles plan` on these files reports no change until the server changes.',
    '',
    ...note,
  ];
}

function skippedNote(model: ExportModel): string[] {
  if (model.skipped.length === 0) return [];
  return [
    '',
    'Users holding roles who are left out (the settings above leave them as they are):',
    ...model.skipped.map((s) => `  ${s.username}: ${s.reason}`),
  ];
}

function settingsPart(model: ExportModel) {
  const { manage, inactiveUsers, ignoreUsers } = model.settings;
  const settings: Record<string, unknown> = { manage, inactive_users: inactiveUsers };
  if (ignoreUsers.length > 0) settings['ignore_users'] = [...ignoreUsers];
  return { version: 1, settings };
}

function rolesPart(model: ExportModel) {
  return { version: 1, roles: Object.fromEntries(model.roles.map((r) => [r.name, {}])) };
}

function usersPart(model: ExportModel) {
  const users = model.users.map((u): [string, { roles: Record<string, unknown> }] => [
    u.username,
    { roles: Object.fromEntries(u.roles.map((r) => [r.role, scopeValue(r.scope)])) },
  ]);
  return { version: 1, users: Object.fromEntries(users) };
}

function scopeValue(scope: Scope): unknown {
  if (!scope.all_open) {
    return scope.projects.length === 0 ? { all_open: false, projects: [] } : [...scope.projects];
  }
  if (scope.projects.length === 0) return 'all-open';
  return { all_open: true, projects: [...scope.projects] };
}

function toYaml(comment: string[], content: Record<string, unknown>, model: ExportModel): string {
  const doc = new Document(content);
  visit(doc, {
    Seq: (_key, node) => void (node.flow = true),
    Map: (_key, node) => {
      if (node.items.some((p) => isScalar(p.key) && p.key.value === 'all_open')) node.flow = true;
    },
  });
  annotate(doc, 'roles', (name) => model.roles.find((r) => r.name === name)?.type);
  const inactive = new Set(model.users.filter((u) => !u.isActive).map((u) => u.username));
  annotate(doc, 'users', (name) => (inactive.has(name) ? 'inactive on the server' : undefined));
  doc.commentBefore = comment.map((line) => (line === '' ? '' : ` ${line}`)).join('\n');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Puts a comment line above the entries of a top-level mapping that `note` names. */
function annotate(doc: Document, section: string, note: (key: string) => string | undefined) {
  const map = doc.get(section, true);
  if (!isMap(map)) return;
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const text = note(String(pair.key.value));
    if (text !== undefined) pair.key.commentBefore = ` ${text}`;
  }
}
