/**
 * The browser code of the access review's page, part 2: the users × projects matrix. Rows
 * are the users holding a role, columns every project (open and private); a cell lists the
 * roles the user holds there, all-open grants expanded to the open projects, each role
 * marked by how it reaches the project (`#` named grant, `°` all open projects, `!`
 * undeclared). Paged both ways (PAGES.matrix_users × PAGES.matrix_projects), so only one
 * page of cells is ever in the DOM.
 */
export const SCRIPT_MATRIX = String.raw`
function matrixView(keepUser) {
  const grantsOf = new Map();
  for (const g of data.grants) {
    if (!grantsOf.has(g.user)) grantsOf.set(g.user, []);
    grantsOf.get(g.user).push(g);
  }
  const holders = data.users.filter((u) => grantsOf.has(u.user)).map((u) => u.user);
  const state = { users: '', projects: '', row: 0, col: 0 };
  let users = holders;
  let projects = data.projects;
  const status = h('p', { class: 'status', 'aria-live': 'polite', 'data-status': 'matrix' });
  const printed = h('p', { class: 'print-only note' });
  const box = h('div', {
    class: 'matrix-box',
    tabindex: '0',
    role: 'region',
    'aria-label': 'Users by projects matrix',
  });
  const clamp = (page, size, count) => Math.max(0, Math.min(page, Math.ceil(count / size) - 1));
  const rowPager = pager('Matrix users', (to) => move('row', to, PAGES.matrix_users, users.length));
  const colPager = pager('Matrix projects', (to) =>
    move('col', to, PAGES.matrix_projects, projects.length),
  );
  function move(axis, to, size, count) {
    state[axis] = clamp(to(state[axis], Math.max(1, Math.ceil(count / size))), size, count);
    render();
  }
  const search = (key, id, label) => {
    const input = h('input', {
      type: 'search',
      id,
      autocomplete: 'off',
      on: {
        input: () => {
          state[key] = input.value.trim().toLowerCase();
          state.row = 0;
          state.col = 0;
          refresh();
        },
      },
    });
    return [h('label', { for: id, text: label }), input];
  };
  const controls = [
    h(
      'div',
      { class: 'controls' },
      search('users', 'matrix-users', 'Filter users:'),
      rowPager.element,
    ),
    h(
      'div',
      { class: 'controls' },
      search('projects', 'matrix-projects', 'Filter projects:'),
      colPager.element,
    ),
  ];

  /** role → { allOpen, named, undeclared } per project of the page, for one user. */
  function cellsOf(user, columns) {
    const open = columns.filter((p) => !p.private).map((p) => p.name);
    const shown = new Set(columns.map((p) => p.name));
    const cells = new Map();
    for (const g of grantsOf.get(user) || []) {
      const targets = g.scope === 'all-open' ? open : shown.has(g.project) ? [g.project] : [];
      for (const project of targets) {
        if (!cells.has(project)) cells.set(project, new Map());
        const roles = cells.get(project);
        const entry = roles.get(g.role) || { allOpen: false, named: false, undeclared: false };
        if (g.scope === 'all-open') entry.allOpen = true;
        else entry.named = true;
        if (!g.declared) entry.undeclared = true;
        roles.set(g.role, entry);
      }
    }
    return cells;
  }
  function entry(role, e) {
    const marks = (e.named ? '#' : '') + (e.allOpen ? '\u00B0' : '') + (e.undeclared ? '!' : '');
    const how = [
      e.named ? 'granted on this project by name' : null,
      e.allOpen ? 'through the role on all open projects' : null,
      e.undeclared ? 'undeclared: no config line asks for it' : null,
    ]
      .filter(Boolean)
      .join('; ');
    return h(
      'span',
      {
        class: 'entry' + (e.undeclared ? ' undeclared' : ''),
        title: role + ': ' + how,
        'data-role': role,
      },
      role + marks,
    );
  }
  function refresh() {
    users = holders.filter(
      (u) => keepUser(u) && (state.users === '' || u.toLowerCase().includes(state.users)),
    );
    projects = data.projects.filter(
      (p) =>
        state.projects === '' ||
        p.name.toLowerCase().includes(state.projects) ||
        p.full_name.toLowerCase().includes(state.projects),
    );
    state.row = clamp(state.row, PAGES.matrix_users, users.length);
    state.col = clamp(state.col, PAGES.matrix_projects, projects.length);
    render();
  }
  function render() {
    const rowStart = state.row * PAGES.matrix_users;
    const colStart = state.col * PAGES.matrix_projects;
    const rows = users.slice(rowStart, rowStart + PAGES.matrix_users);
    const columns = projects.slice(colStart, colStart + PAGES.matrix_projects);
    const head = h(
      'tr',
      null,
      h('th', { scope: 'col', text: 'User \u2193 / project \u2192' }),
      columns.map((p) =>
        h(
          'th',
          { scope: 'col', 'data-project': p.name, title: p.full_name },
          p.name,
          p.private ? h('br') : null,
          p.private ? '(private)' : null,
        ),
      ),
    );
    const body = document.createDocumentFragment();
    for (const user of rows) {
      const cells = cellsOf(user, columns);
      body.append(
        h(
          'tr',
          { 'data-user': user },
          h('th', { scope: 'row', text: user }),
          columns.map((p) => {
            const roles = cells.get(p.name);
            if (!roles) return h('td', { 'data-project': p.name });
            const names = [...roles.keys()].sort(compareValues);
            return h(
              'td',
              { 'data-project': p.name },
              names.map((role) => entry(role, roles.get(role))),
            );
          }),
        ),
      );
    }
    const caption = h('caption', { text: 'Roles per user and project' });
    box.replaceChildren(
      h(
        'table',
        { class: 'matrix', id: 'matrix-table' },
        caption,
        h('thead', null, head),
        h('tbody', null, body),
      ),
    );
    const range = (start, shown, total, what) =>
      total === 0
        ? 'no ' + what
        : what + ' ' + fmt(start + 1) + '\u2013' + fmt(start + shown) + ' of ' + fmt(total);
    const text =
      range(rowStart, rows.length, users.length, 'users') +
      ' \u00D7 ' +
      range(colStart, columns.length, projects.length, 'projects');
    status.textContent = text.charAt(0).toUpperCase() + text.slice(1) + '.';
    printed.textContent =
      'Printed: the page shown on screen (' +
      text +
      '). The CSV view (--format csv) has every user \u00D7 role \u00D7 project.';
    rowPager.update(state.row, Math.max(1, Math.ceil(users.length / PAGES.matrix_users)));
    colPager.update(state.col, Math.max(1, Math.ceil(projects.length / PAGES.matrix_projects)));
  }
  refresh();
  return { element: [controls, status, printed, box], refresh };
}
`;
