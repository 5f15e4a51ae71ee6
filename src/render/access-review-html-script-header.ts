/**
 * The browser code of the access review's page, part 3: the page's user filter state, small
 * helpers, and the first sections (the review's facts, the last review and what changed
 * since, the summary's figures and tables), built from the embedded model (`data`) and the
 * page's facts (`meta`: the report digest, the page sizes, the words for each exception).
 */
export const SCRIPT_HEADER = String.raw`
let shownUser = null;
const keepUser = (user) => shownUser === null || user === shownUser;
const yesNo = (b) => (b ? 'yes' : 'no');
const count = (n, word) => fmt(n) + ' ' + word + (n === 1 ? '' : 's');
const code = (text) => h('code', { text });
const distinct = (values) => [
  ...new Set(values.filter((v) => v !== null && v !== undefined && v !== '')),
];
const lines = (values) => distinct(values).join('\n');
const undeclared = (declared) =>
  h('span', { class: declared ? null : 'undeclared', text: declared ? 'yes' : 'no (undeclared)' });

function overview() {
  const s = data.settings;
  const git =
    data.git === null
      ? 'unavailable: ' + (data.git_unavailable || 'no reason given')
      : [
          code(data.git.head),
          data.git.files_not_in_git.length === 0
            ? ''
            : ' (files git does not know: ' + data.git.files_not_in_git.join(', ') + ')',
        ];
  const files = h(
    'details',
    null,
    h('summary', { text: count(data.files.length, 'file') }),
    h(
      'ul',
      null,
      data.files.map((f) => h('li', null, code(f))),
    ),
  );
  fill(
    'overview',
    facts([
      ['Server', code(data.server)],
      ['API user', data.api_user],
      ['Generated at', data.generated_at],
      ['Report digest', code(meta.report_digest)],
      ['Config digest', code(data.config_digest)],
      ['State digest', code(data.state_digest)],
      ['Git HEAD', git],
      ['Config files', files],
      ['Protected roles', s.protected_roles.length === 0 ? 'none' : s.protected_roles.join(', ')],
      ['Expiry warning', fmt(s.expiry_warning_days) + ' days'],
      [
        'Many users',
        'more than ' + fmt(s.many_users) + ' users on a private project is an exception',
      ],
    ]),
  );
}

const grantColumns = [
  { key: 'user', label: 'User', value: (g) => g.user },
  { key: 'role', label: 'Role', value: (g) => g.role },
  { key: 'scope', label: 'Scope', value: (g) => g.scope },
  {
    key: 'project',
    label: 'Project',
    value: (g) => (g.project === null ? '(all open)' : g.project),
  },
];

function lastReview() {
  const r = data.last_review;
  if (r === null) {
    fill(
      'last-review',
      h('p', {
        'data-last-review': 'none',
        text: 'No review recorded: the audit log has no sign-off for this server.',
      }),
    );
    return;
  }
  const x = data.summary;
  const now = {
    users: x.users,
    holders: x.holders,
    projects: x.projects,
    grants: x.grants,
    access_rows: x.access_rows,
    exceptions: x.exceptions.total,
  };
  const counts = h(
    'table',
    null,
    h('caption', { text: 'Counts then and now' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['Count', 'At the last review', 'Now'].map((t) => h('th', { scope: 'col', text: t })),
      ),
    ),
    h(
      'tbody',
      null,
      Object.keys(now).map((k) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row', text: k.replace('_', ' ') }),
          h('td', { class: 'num', text: fmt(r.counts[k]) }),
          h('td', { class: 'num', text: fmt(now[k]) }),
        ),
      ),
    ),
  );
  const parts = [
    facts([
      ['Signed at', r.time],
      ['Reviewer', r.reviewer],
      ['Signed report digest', code(r.report_digest)],
      ['Signed report made at', r.generated_at],
    ]),
    counts,
    h('h3', { text: 'What changed since' }),
  ];
  const c = r.changes;
  if (c === null) {
    parts.push(
      h('p', {
        'data-changes': 'unavailable',
        text: 'Not known: ' + (r.changes_unavailable || 'no reason given'),
      }),
    );
  } else {
    parts.push(
      h('p', {
        'data-changes': 'known',
        text:
          count(c.users_added.length, 'user') +
          ' added, ' +
          fmt(c.users_removed.length) +
          ' removed; ' +
          count(c.grants_added.length, 'grant') +
          ' added, ' +
          fmt(c.grants_removed.length) +
          ' removed.',
      }),
    );
    for (const [key, caption] of [
      ['users_added', 'Users added'],
      ['users_removed', 'Users removed'],
    ]) {
      if (c[key].length > 0)
        parts.push(
          pagedTable({
            id: key.replace('_', '-'),
            caption,
            pageSize: PAGES.changes,
            rows: c[key].map((user) => ({ user })),
            columns: [{ key: 'user', label: 'User', value: (u) => u.user }],
          }).element,
        );
    }
    for (const [key, caption] of [
      ['grants_added', 'Grants added'],
      ['grants_removed', 'Grants removed'],
    ]) {
      if (c[key].length > 0)
        parts.push(
          pagedTable({
            id: key.replace('_', '-'),
            caption,
            pageSize: PAGES.changes,
            rows: c[key],
            columns: grantColumns,
            text: (g) => g.user + ' ' + g.role + ' ' + (g.project || ''),
          }).element,
        );
    }
  }
  fill('last-review', parts);
}

const FIGURES = [
  ['users', 'Users'],
  ['active_users', 'Active users'],
  ['holders', 'Users holding a role'],
  ['projects', 'Projects'],
  ['private_projects', 'Private projects'],
  ['grants', 'Grants'],
  ['undeclared_grants', 'Undeclared grants'],
  ['access_rows', 'Access rows (user \u00D7 role \u00D7 project)'],
  ['exceptions.total', 'Exceptions'],
];

function summary() {
  const x = data.summary;
  const figure = (key) => key.split('.').reduce((v, k) => v[k], x);
  const figures = h(
    'ul',
    { class: 'figures' },
    FIGURES.map(([key, label]) =>
      h(
        'li',
        null,
        h('span', { class: 'figure', 'data-count': key, text: fmt(figure(key)) }),
        h('span', { class: 'label', text: label }),
      ),
    ),
  );
  const num = (key, label) => ({ key, label, num: true, value: (r) => r[key] });
  const per = (id, caption, name, record, columns) =>
    pagedTable({
      id,
      caption,
      pageSize: PAGES.summary,
      rows: Object.keys(record).map((k) => Object.assign({ name: k }, record[k])),
      columns: [{ key: 'name', label: name, value: (r) => r.name }].concat(columns),
      text: Object.keys(record).length > PAGES.summary ? (r) => r.name : null,
    }).element;
  fill(
    'summary',
    figures,
    per('per-role', 'Per role', 'Role', x.per_role, [
      num('holders', 'Holders'),
      num('grants', 'Grants'),
      num('access_rows', 'Access rows'),
    ]),
    per('per-project', 'Per project', 'Project', x.per_project, [
      num('users', 'Users'),
      num('access_rows', 'Access rows'),
    ]),
    Object.keys(x.per_config_group).length === 0
      ? h('p', { class: 'note', text: 'No config groups.' })
      : per('per-config-group', 'Per config group', 'Config group', x.per_config_group, [
          num('members', 'Members'),
          num('grants', 'Grants'),
        ]),
  );
}
`;
