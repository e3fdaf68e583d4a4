// Top: the -top report as a sortable table. Rows come from the server in
// the report's order (the same rows as `fluoro pprof -top`); clicking a
// column header re-sorts in the browser, clicking a row selects it for the
// Refine menu, and the search box highlights matching rows.

import type { TopRow } from '@fluoro/cli/contract';
import { getView } from '../api.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { formatPercent } from '../format.js';
import { updateQuery } from '../state.js';
import { functionLinks } from './flame.js';

type Key = 'flat' | 'sum' | 'cum' | 'name';

const COLUMNS: { key: Key; title: string }[] = [
  { key: 'flat', title: 'Flat' },
  { key: 'flat', title: 'Flat%' },
  { key: 'sum', title: 'Sum%' },
  { key: 'cum', title: 'Cum' },
  { key: 'cum', title: 'Cum%' },
  { key: 'name', title: 'Name' },
];

/** topView draws the top table. */
export async function topView(ctx: ViewContext): Promise<void> {
  const data = await getView(ctx.base, 'top', ctx.q);
  ctx.mark('top-data');
  // The legend is the report's own header, as -top prints it.
  ctx.setHeader({ ...data, legend: data.labels });
  let sortKey = (ctx.q.get('topsort') as Key | null) ?? 'flat';
  let rowsInOrder = data.rows.map((r, i) => ({ r, i, sum: 0 }));
  let sum = 0;
  for (const x of rowsInOrder) x.sum = sum += x.r.flat;
  const selected = new Set<string>();
  const tbody = h('tbody');
  const table = h('table', { class: 'top-table', id: 'toptable' });
  const headRow = h('tr');
  table.append(h('thead', {}, headRow), tbody);
  const summary = h('div', { class: 'view-note' });

  const draw = () => {
    const rows = rowsInOrder.slice();
    if (sortKey === 'name') rows.sort((a, b) => (a.r.name < b.r.name ? -1 : a.r.name > b.r.name ? 1 : 0));
    else if (sortKey === 'cum') rows.sort((a, b) => Math.abs(b.r.cum) - Math.abs(a.r.cum) || a.i - b.i);
    else rows.sort((a, b) => a.i - b.i);
    let re: RegExp | null = null;
    try {
      re = ctx.searchText() ? new RegExp(ctx.searchText()) : null;
    } catch {
      re = null;
    }
    headRow.replaceChildren(
      ...COLUMNS.map((c) =>
        h(
          'th',
          {
            class: c.key === sortKey || (c.key === 'sum' && sortKey === 'flat') ? 'sorted' : '',
            title: `Sort by ${c.title}`,
            onclick: () => {
              sortKey = c.key === 'sum' ? 'flat' : c.key;
              updateQuery((q) => (sortKey === 'flat' ? q.delete('topsort') : q.set('topsort', sortKey)));
              draw();
            },
          },
          c.title,
        ),
      ),
    );
    tbody.replaceChildren(
      ...rows.map(({ r, sum }) => {
        const tr = h(
          'tr',
          {
            class: [selected.has(r.name) ? 'selected' : '', re && re.test(r.name) ? 'match' : ''].join(' ').trim(),
            onclick: (ev: Event) => {
              if (!(ev as MouseEvent).ctrlKey && !(ev as MouseEvent).metaKey) selected.clear();
              if (selected.has(r.name)) selected.delete(r.name);
              else selected.add(r.name);
              ctx.setSelection([...selected]);
              draw();
            },
          },
          h('td', {}, r.flatFormat),
          h('td', {}, formatPercent(r.flat, data.total)),
          h('td', {}, formatPercent(sum, data.total)),
          h('td', {}, r.cumFormat),
          h('td', {}, formatPercent(r.cum, data.total)),
          h('td', { class: 'name' }, nameCell(r, ctx.q)),
        );
        return tr;
      }),
    );
  };
  summary.append(`${data.rows.length} rows. Click a header to sort, a row to select it for Refine; links open the function in other views.`);
  ctx.root.replaceChildren(summary, table);
  ctx.onSearch(() => draw());
  draw();
  ctx.mark('top-paint');
}

function nameCell(r: TopRow, q: URLSearchParams): DocumentFragment {
  const frag = document.createDocumentFragment();
  frag.append(h('span', { class: 'fn' }, r.name));
  if (r.inlineLabel) frag.append(' ', h('span', { class: 'inline' }, r.inlineLabel));
  frag.append(functionLinks(q, r.name));
  return frag;
}
