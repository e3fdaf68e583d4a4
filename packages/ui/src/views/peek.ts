// Peek: for each function matching f, its callers and its callees with the
// weight of each call, as `fluoro pprof -peek` lists them.

import type { TreeEdge } from '@fluoro/cli/contract';
import { getView } from '../api.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { formatPercent, formatValue } from '../format.js';
import { escapeRegExp, href } from '../state.js';
import { pickFunction } from './pick.js';

/** peekView draws the callers and callees tables. */
export async function peekView(ctx: ViewContext): Promise<void> {
  if (!ctx.q.get('f')) return pickFunction(ctx, 'peek', 'its callers and callees');
  const data = await getView(ctx.base, 'peek', ctx.q);
  ctx.setHeader(data);
  const fmt = (v: number) => formatValue(v, data.sampleUnit, data.outputUnit);
  const link = (name: string) => {
    const q = new URLSearchParams(ctx.q);
    q.set('f', '^' + escapeRegExp(name) + '$');
    return h('a', { href: href('peek', q) }, name);
  };
  const rows = (title: string, edges: TreeEdge[], cum: number) =>
    edges.length === 0
      ? []
      : [
          h('tr', { class: 'sub-row' }, h('td', { colspan: 3 }, title)),
          ...edges.map((e) =>
            h('tr', {}, h('td', {}, fmt(e.weight)), h('td', {}, formatPercent(e.weight, cum)), h('td', { class: 'name' }, link(e.name), e.inline ? h('span', { class: 'inline' }, ' (inline)') : '')),
          ),
        ];
  ctx.root.replaceChildren(
    ...data.entries.map((e) =>
      h('section', { class: 'peek' },
        h('h2', { class: 'section-title' }, e.name),
        h('div', { class: 'view-note' }, `flat ${fmt(e.flat)} (${formatPercent(e.flat, data.total)}) · cum ${fmt(e.cum)} (${formatPercent(e.cum, data.total)})`),
        h('table', { class: 'top-table peek-table' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Calls'), h('th', {}, 'Of cum'), h('th', {}, 'Function'))),
          h('tbody', {}, ...rows('Callers', e.callers, e.cum), ...rows('Callees', e.callees, e.cum)),
        ),
      ),
    ),
  );
}
