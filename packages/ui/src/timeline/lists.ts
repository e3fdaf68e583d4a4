// The lists under the timeline, in the page's DOM: the event loop's longest
// tasks, and user tasks and regions by name with latency percentiles and a
// histogram whose bars list their tasks. Any row selects its slice in the
// timeline. filterLists hides what a search does not match.

import type { LatencyGroup, TimelineView } from '@fluoro/cli/contract';
import { h } from '../dom.js';
import { formatValue } from '../format.js';

const us = (v: number) => formatValue(v, 'microseconds');

/** Lists is the mounted lists and their rows, for the search. */
export interface Lists {
  element: HTMLElement;
  /** Rows with the text a search looks in. */
  rows: { el: HTMLElement; text: string }[];
}

function longTasks(data: TimelineView, select: (slice: number) => void, rows: Lists['rows']): HTMLElement {
  const body = h('tbody');
  for (const t of data.longTasks) {
    const id = t.slice;
    const s = data.slices[id];
    const tr = h('tr', { 'data-slice': id, tabindex: 0, title: 'Show in the timeline' },
      h('td', { class: 'num' }, us(s.dur)),
      h('td', { class: 'num' }, us(s.start)),
      h('td', {}, t.kind),
      h('td', { class: 'fn' }, t.func),
      h('td', {}, t.request),
    );
    tr.addEventListener('click', () => select(id));
    tr.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') select(id);
    });
    body.append(tr);
    rows.push({ el: tr, text: [s.name, t.request, ...(s.details.stack ?? [])].join('\n').toLowerCase() });
  }
  const head = h('thead', {}, h('tr', {}, ...['duration', 'at', 'kind', 'function', 'request'].map((c) => h('th', {}, c))));
  return h('section', { id: 'long-tasks' },
    h('h2', {}, 'Longest event loop tasks'),
    data.longTasks.length > 0 ? h('table', { class: 'list-table' }, head, body) : h('p', { class: 'view-note' }, 'The trace has no event loop slices.'),
  );
}

function histogram(g: LatencyGroup, data: TimelineView, select: (slice: number) => void): HTMLElement {
  const max = Math.max(1, ...g.buckets.map((b) => b.slices.length));
  const picked = h('div', { class: 'bucket-list' });
  const bars = g.buckets.map((b, i) => {
    const lower = i === 0 ? 0 : g.buckets[i - 1].edge;
    const bar = h('button', { type: 'button', class: 'bar-col', title: `${b.slices.length} between ${us(lower)} and ${us(b.edge)}`, disabled: b.slices.length === 0 },
      h('span', { class: 'bar-count' }, b.slices.length > 0 ? String(b.slices.length) : ''),
      h('span', { class: 'bar-area' }, h('span', { class: 'bar-fill' })),
      h('span', { class: 'bar-label' }, '<' + us(b.edge)),
    );
    // CSSOM, which the page's CSP allows where a style attribute would not be.
    (bar.querySelector('.bar-fill') as HTMLElement).style.height = `${Math.round((b.slices.length / max) * 100)}%`;
    bar.addEventListener('click', () => {
      picked.replaceChildren(
        ...b.slices.slice(0, 50).map((id) => {
          const s = data.slices[id];
          return h('button', { type: 'button', class: 'pick', 'data-slice': id, onclick: () => select(id) }, `${us(s.dur)} at ${us(s.start)}`);
        }),
      );
    });
    return bar;
  });
  return h('div', { class: 'histogram' }, h('div', { class: 'bars' }, ...bars), picked);
}

function latency(title: string, id: string, groups: LatencyGroup[], data: TimelineView, select: (slice: number) => void, rows: Lists['rows']): HTMLElement | '' {
  if (groups.length === 0) return '';
  const items = groups.map((g) => {
    const count = g.open > 0 ? `${g.count} (+${g.open} running)` : String(g.count);
    const el = h('div', { class: 'latency-group' },
      h('h3', {}, g.name),
      h('table', { class: 'list-table stats' },
        h('thead', {}, h('tr', {}, ...['count', 'p50', 'p90', 'p99', 'max'].map((c) => h('th', {}, c)))),
        h('tbody', {}, h('tr', {}, h('td', { class: 'num' }, count), ...[g.p50, g.p90, g.p99, g.max].map((v) => h('td', { class: 'num' }, g.count > 0 ? us(v) : '-')))),
      ),
      histogram(g, data, select),
    );
    rows.push({ el, text: g.name.toLowerCase() });
    return el;
  });
  return h('section', { id }, h('h2', {}, title), ...items);
}

/** mountLists builds the lists; select is called with a slice to show. */
export function mountLists(data: TimelineView, select: (slice: number) => void): Lists {
  const rows: Lists['rows'] = [];
  const element = h('div', { class: 'lists' },
    longTasks(data, select, rows),
    latency('User tasks', 'user-tasks', data.tasks, data, select, rows),
    latency('User regions', 'user-regions', data.regions, data, select, rows),
  );
  return { element, rows };
}

/** filterLists shows only the rows whose text holds the search (case-insensitive); "" shows all. */
export function filterLists(lists: Lists, text: string): void {
  const q = text.toLowerCase();
  for (const r of lists.rows) r.el.hidden = q !== '' && !r.text.includes(q);
}
