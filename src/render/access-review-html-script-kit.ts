/**
 * The browser code of the access review's page, part 1: DOM helpers and the paged table
 * (sortable by any column header, filterable by a text box and by the page's user, paged,
 * every row on print up to a bound). Plain DOM; data only ever goes in as text
 * (`textContent`, `append(string)`, attribute values), never as markup. Joined with the
 * other parts into one inline script by access-review-html-script.ts.
 */
export const SCRIPT_KIT = String.raw`
const collator = new Intl.Collator('en', { numeric: true });
const fmt = (n) => Number(n).toLocaleString('en-US');

/** An element: props are attributes ('text' is its text, 'on' its listeners), children text or nodes. */
function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'on')
      for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** Fills a section's body (the element with class "fill" in the section of that id). */
function fill(id, ...nodes) {
  document.querySelector('#' + id + ' > .fill').replaceChildren(...nodes.flat(Infinity));
}

/** A definition list of [term, description] pairs; a description may be a node. */
function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs.map(([term, value]) => [h('dt', { text: term }), h('dd', null, value)]),
  );
}

function compareValues(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** "rows 1–100 of 3,214" and what the filter and the print do to it. */
function rowsStatus(start, shown, total, all, printing) {
  const filtered = total === all ? '' : ' (filtered from ' + fmt(all) + ')';
  if (total === 0) return 'No rows' + filtered + '.';
  if (printing) {
    return shown === total
      ? 'All ' + fmt(total) + ' rows' + filtered + '.'
      : 'The first ' +
          fmt(shown) +
          ' of ' +
          fmt(total) +
          ' rows' +
          filtered +
          ': the printed copy is limited to ' +
          fmt(PAGES.print_limit) +
          ' rows per table; the CSV and JSON views have them all.';
  }
  return (
    'Rows ' + fmt(start + 1) + '\u2013' + fmt(start + shown) + ' of ' + fmt(total) + filtered + '.'
  );
}

/** First / previous / next / last buttons and "page k of n"; go(page) moves. */
function pager(label, go) {
  const text = h('span', { class: 'page-of' });
  const button = (name, title, to) =>
    h('button', {
      type: 'button',
      'data-page': name,
      'aria-label': label + ': ' + title,
      text: name,
      on: { click: () => go(to) },
    });
  const first = button('\u00AB', 'first page', () => 0);
  const prev = button('\u2039', 'previous page', (p) => p - 1);
  const next = button('\u203A', 'next page', (p) => p + 1);
  const last = button('\u00BB', 'last page', (p, n) => n - 1);
  const element = h(
    'span',
    { class: 'pager', role: 'group', 'aria-label': label },
    first,
    prev,
    text,
    next,
    last,
  );
  const update = (page, pages) => {
    text.textContent = 'page ' + fmt(page + 1) + ' of ' + fmt(pages);
    first.disabled = prev.disabled = page <= 0;
    next.disabled = last.disabled = page >= pages - 1;
    element.hidden = pages <= 1;
  };
  return { element, update };
}

const printables = [];

/**
 * A paged table. o: { id, caption, columns: [{ key, label, value(row), cell?(row), num? }],
 * rows, pageSize, text(row) (what the filter box searches), keep?(row) (the page's user
 * filter), rowUser?(row), filterLabel }.
 */
function pagedTable(o) {
  const state = { sort: -1, dir: 1, query: '', page: 0, printing: false };
  const haystack = new Map(o.rows.map((row) => [row, o.text ? o.text(row).toLowerCase() : '']));
  let sorted = o.rows;
  let visible = o.rows;
  const status = h('p', { class: 'status', 'aria-live': 'polite', 'data-status': o.id });
  const heads = o.columns.map((c, i) =>
    h(
      'th',
      { scope: 'col', 'aria-sort': 'none', 'data-key': c.key, class: c.num ? 'num' : null },
      h('button', { type: 'button', class: 'sort', text: c.label, on: { click: () => sortBy(i) } }),
      h('span', { class: 'print-only', text: c.label }),
    ),
  );
  const tbody = h('tbody');
  const table = h(
    'table',
    { id: o.id, class: 'data' },
    h('caption', { class: 'sr-only', text: o.caption }),
    h('thead', null, h('tr', null, heads)),
    tbody,
  );
  const pages = pager(o.caption, (to) => {
    state.page = Math.max(0, Math.min(to(state.page, pageCount()), pageCount() - 1));
    render();
  });
  const controls = h('div', { class: 'controls' }, o.extraControls || []);
  if (o.text) {
    const input = h('input', {
      type: 'search',
      id: o.id + '-filter',
      'data-filter': o.id,
      autocomplete: 'off',
      on: {
        input: () => {
          state.query = input.value.trim().toLowerCase();
          state.page = 0;
          refresh();
        },
      },
    });
    controls.append(h('label', { for: o.id + '-filter', text: o.filterLabel || 'Filter:' }), input);
  }
  controls.append(pages.element);
  const pageCount = () => Math.max(1, Math.ceil(visible.length / o.pageSize));

  function sortBy(i) {
    state.dir = state.sort === i ? -state.dir : 1;
    state.sort = i;
    const column = o.columns[i];
    const keyed = o.rows.map((row, index) => ({ row, key: column.value(row), index }));
    keyed.sort((a, b) => compareValues(a.key, b.key) * state.dir || a.index - b.index);
    sorted = keyed.map((k) => k.row);
    heads.forEach((th, j) =>
      th.setAttribute('aria-sort', j !== i ? 'none' : state.dir === 1 ? 'ascending' : 'descending'),
    );
    state.page = 0;
    refresh();
  }
  function refresh() {
    visible = sorted.filter(
      (row) =>
        (state.query === '' || haystack.get(row).includes(state.query)) && (!o.keep || o.keep(row)),
    );
    render();
  }
  function render() {
    const size = state.printing ? PAGES.print_limit : o.pageSize;
    state.page = Math.min(state.page, pageCount() - 1);
    const start = state.printing ? 0 : state.page * size;
    const slice = visible.slice(start, start + size);
    const rows = document.createDocumentFragment();
    for (const row of slice) {
      rows.append(
        h(
          'tr',
          { 'data-user': o.rowUser ? o.rowUser(row) : null },
          o.columns.map((c, j) =>
            h(
              j === 0 ? 'th' : 'td',
              { scope: j === 0 ? 'row' : null, class: c.num ? 'num' : c.multi ? 'multi' : null },
              c.cell ? c.cell(row) : String(c.value(row)),
            ),
          ),
        ),
      );
    }
    if (slice.length === 0)
      rows.append(h('tr', null, h('td', { colspan: o.columns.length, text: 'No rows.' })));
    tbody.replaceChildren(rows);
    status.textContent = rowsStatus(
      start,
      slice.length,
      visible.length,
      o.rows.length,
      state.printing,
    );
    pages.update(state.page, pageCount());
  }
  refresh();
  const view = {
    element: h(
      'div',
      { class: 'paged', 'data-table': o.id },
      h('h3', { text: o.caption }),
      controls,
      status,
      h('div', { class: 'table-box' }, table),
    ),
    refresh,
    setPrinting(on) {
      state.printing = on;
      render();
    },
  };
  printables.push(view);
  return view;
}
`;
