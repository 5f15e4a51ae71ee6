/**
 * The browser code of the access review's page, part 4: the exceptions, access, matrix,
 * users and projects sections, the "Show user" filter that narrows the grants, exceptions,
 * users and matrix to one user, and the print hooks (every row of each table, up to
 * PAGES.print_limit, while the browser prints).
 */
export const SCRIPT_SECTIONS = String.raw`
function exceptions() {
  const counts = h(
    'table',
    { id: 'exception-kinds' },
    h('caption', { text: 'Exceptions per kind' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['Kind', 'Count', 'What it means'].map((t) => h('th', { scope: 'col', text: t })),
      ),
    ),
    h(
      'tbody',
      null,
      meta.exception_kinds.map(([kind, words]) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, code(kind)),
          h('td', {
            class: 'num',
            'data-count': 'exceptions.' + kind,
            text: fmt(data.summary.exceptions[kind]),
          }),
          h('td', { text: words }),
        ),
      ),
    ),
  );
  let kind = '';
  const select = h(
    'select',
    {
      id: 'exception-kind',
      on: {
        change: () => {
          kind = select.value;
          table.refresh();
        },
      },
    },
    h('option', { value: '', text: 'all kinds' }),
    meta.exception_kinds.map(([k]) => h('option', { value: k, text: k })),
  );
  const table = pagedTable({
    id: 'exceptions-table',
    caption: 'Exceptions',
    pageSize: PAGES.exceptions,
    rows: data.exceptions,
    extraControls: [h('label', { for: 'exception-kind', text: 'Kind:' }), select],
    columns: [
      { key: 'kind', label: 'Kind', value: (e) => e.kind },
      { key: 'user', label: 'User', value: (e) => e.user || '' },
      { key: 'role', label: 'Role', value: (e) => e.role || '' },
      { key: 'project', label: 'Project', value: (e) => e.project || '' },
      { key: 'detail', label: 'Detail', value: (e) => e.detail },
      { key: 'sources', label: 'Sources', multi: true, value: (e) => e.sources.join('\n') },
    ],
    text: (e) => [e.kind, e.user, e.role, e.project, e.detail].join(' '),
    filterLabel: 'Filter (user, role, project, detail):',
    keep: (e) => (kind === '' || e.kind === kind) && (shownUser === null || e.user === shownUser),
    rowUser: (e) => e.user,
  });
  fill('exceptions', counts, table.element);
  return table;
}

function access() {
  const sources = (g) =>
    g.sources.map((s) => s.source + (s.pattern ? ' (' + s.pattern + ')' : '')).join('\n');
  const gits = (g, f) => lines(g.sources.map((s) => (s.git === null ? null : f(s.git))));
  const table = pagedTable({
    id: 'grants-table',
    caption: 'Grants: every part of every role held on the server',
    pageSize: PAGES.grants,
    rows: data.grants,
    rowUser: (g) => g.user,
    keep: (g) => keepUser(g.user),
    filterLabel: 'Filter (user, role, project):',
    text: (g) => g.user + ' ' + g.role + ' ' + (g.project || ''),
    columns: grantColumns.concat([
      {
        key: 'declared',
        label: 'Declared',
        value: (g) => yesNo(g.declared),
        cell: (g) => undeclared(g.declared),
      },
      { key: 'sources', label: 'Sources (file:line:col)', multi: true, value: sources },
      {
        key: 'config_groups',
        label: 'Config groups',
        multi: true,
        value: (g) => lines(g.sources.map((s) => s.config_group)),
      },
      {
        key: 'ftrack_groups',
        label: 'ftrack groups',
        multi: true,
        value: (g) => lines(g.sources.map((s) => s.ftrack_group)),
      },
      {
        key: 'commit',
        label: 'Commit',
        multi: true,
        value: (g) =>
          gits(g, (c) => (c.committed ? (c.commit || '').slice(0, 12) : 'not committed')),
      },
      { key: 'author', label: 'Author', multi: true, value: (g) => gits(g, (c) => c.author) },
      {
        key: 'date',
        label: 'Date',
        multi: true,
        value: (g) => gits(g, (c) => c.date),
        cell: (g) => gits(g, (c) => (c.date === null ? null : c.date.slice(0, 10))),
      },
    ]),
  });
  fill('access', table.element);
  return table;
}

function matrix() {
  const view = matrixView(keepUser);
  const legend = h(
    'p',
    { class: 'legend' },
    'Each cell lists the roles the user holds on the project. ',
    code('#'),
    ' granted on this project by name; ',
    code('\u00B0'),
    ' through the role on all open projects; ',
    code('!'),
    ' undeclared: no config line asks for it (also underlined). ',
    'Page size: ' +
      fmt(PAGES.matrix_users) +
      ' users \u00D7 ' +
      fmt(PAGES.matrix_projects) +
      ' projects.',
  );
  fill('matrix', legend, view.element);
  return view;
}

function users() {
  const table = pagedTable({
    id: 'users-table',
    caption: 'Users',
    pageSize: PAGES.users,
    rows: data.users,
    rowUser: (u) => u.user,
    keep: (u) => keepUser(u.user),
    filterLabel: 'Filter (user, type, group, role):',
    text: (u) => [u.user, u.type, u.config_groups.join(' '), u.roles.join(' ')].join(' '),
    columns: [
      { key: 'user', label: 'User', value: (u) => u.user },
      { key: 'active', label: 'Active', value: (u) => yesNo(u.active) },
      { key: 'type', label: 'Type', value: (u) => u.type || '' },
      {
        key: 'declared',
        label: 'Declared',
        value: (u) => yesNo(u.declared),
        cell: (u) => undeclared(u.declared),
      },
      { key: 'config_groups', label: 'Config groups', value: (u) => u.config_groups.join(', ') },
      { key: 'roles', label: 'Roles', value: (u) => u.roles.join(', ') },
      { key: 'projects', label: 'Projects reached', num: true, value: (u) => u.projects },
    ],
  });
  fill('users', table.element);
  return table;
}

function projects() {
  fill(
    'projects',
    pagedTable({
      id: 'projects-table',
      caption: 'Projects',
      pageSize: PAGES.projects,
      rows: data.projects,
      filterLabel: 'Filter (name, full name, status):',
      text: (p) => [p.name, p.full_name, p.status].join(' '),
      columns: [
        { key: 'name', label: 'Project', value: (p) => p.name },
        { key: 'full_name', label: 'Full name', value: (p) => p.full_name },
        { key: 'private', label: 'Private', value: (p) => yesNo(p.private) },
        { key: 'status', label: 'Status', value: (p) => p.status },
        { key: 'users', label: 'Users reaching it', num: true, value: (p) => p.users },
      ],
    }).element,
  );
}

function showUserControl(views) {
  const input = document.getElementById('show-user');
  const status = document.getElementById('show-user-status');
  const printed = document.getElementById('print-scope');
  document
    .getElementById('user-names')
    .replaceChildren(...data.users.map((u) => h('option', { value: u.user })));
  const known = new Set(data.users.map((u) => u.user));
  let applied; // the user the views show; undefined until first shown
  const apply = () => {
    const name = input.value.trim();
    shownUser = known.has(name) ? name : null;
    // A key that does not change the user shown (a partial name) re-renders nothing.
    if (shownUser !== applied) views.forEach((v) => v.refresh());
    applied = shownUser;
    const mine = (list, word) => count(list.filter((x) => x.user === shownUser).length, word);
    status.textContent =
      name === ''
        ? 'Showing all users.'
        : shownUser === null
          ? 'No user named \u201C' + name + '\u201D: showing all users.'
          : 'Showing only ' +
            shownUser +
            ': ' +
            mine(data.grants, 'grant') +
            ', ' +
            mine(data.exceptions, 'exception') +
            '.';
    printed.textContent = shownUser === null ? '' : 'Printed for one user only: ' + shownUser + '.';
  };
  input.addEventListener('input', apply);
  document.getElementById('show-user-clear').addEventListener('click', () => {
    input.value = '';
    apply();
    input.focus();
  });
  apply();
}

overview();
lastReview();
summary();
const pageViews = [exceptions(), access(), matrix(), users()];
projects();
showUserControl(pageViews);
const closed = [];
window.addEventListener('beforeprint', () => {
  printables.forEach((v) => v.setPrinting(true));
  document.querySelectorAll('details:not([open])').forEach((d) => {
    closed.push(d);
    d.open = true;
  });
});
window.addEventListener('afterprint', () => {
  printables.forEach((v) => v.setPrinting(false));
  closed.splice(0).forEach((d) => {
    d.open = false;
  });
});
document.body.setAttribute('data-ready', 'true');
`;
