// Flame graph page: toolbar (breadcrumb of the zoomed path, icicle toggle,
// the search's matched share) over the canvas widget. Zoom, search and
// orientation live in the URL (zoom as the node's preorder number, stable
// for a given set of settings), so a link reopens the same picture.

import type { FlameView } from '@fluoro/cli/contract';
import { getView } from '../api.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { mountFlameGraph, type FlameGraph } from '../flame/canvas.js';
import { ancestors, buildModel, nameOf, search, type FlameModel } from '../flame/model.js';
import { formatPercent, formatValue } from '../format.js';
import { escapeRegExp, href, updateQuery } from '../state.js';

/** flameView fetches and draws the flame graph. */
export async function flameView(ctx: ViewContext): Promise<() => void> {
  performance.mark('flame-fetch-start');
  const data = await getView(ctx.base, 'flamegraph', ctx.q);
  ctx.mark('flame-data');
  ctx.setHeader(data);
  const fg = drawFlame(ctx.root, data, {
    zoom: Number(ctx.q.get('zoom') ?? 0),
    icicle: ctx.q.get('icicle') !== '0',
    search: ctx.searchText(),
    onState: (zoom, icicle) =>
      updateQuery((q) => {
        if (zoom > 0) q.set('zoom', String(zoom));
        else q.delete('zoom');
        if (icicle) q.delete('icicle');
        else q.set('icicle', '0');
      }),
    onSelect: (name) => ctx.setSelection([name]),
    links: (name) => functionLinks(ctx.q, name),
  });
  ctx.onSearch((text) => fg.search(text));
  ctx.mark('flame-paint');
  performance.measure('flame-first-paint', 'flame-fetch-start', 'flame-paint');
  return () => fg.graph.destroy();
}

/** FlamePage is a drawn flame graph page with its controls. */
export interface FlamePage {
  graph: FlameGraph;
  model: FlameModel;
  search(text: string): void;
}

/** FlamePageOptions are the starting state and what to tell the page. */
export interface FlamePageOptions {
  zoom: number;
  icicle: boolean;
  search: string;
  onState?: (zoom: number, icicle: boolean) => void;
  onSelect?: (name: string) => void;
  /** links makes the links shown for the selected frame (other views of it). */
  links?: (name: string) => Node;
}

/** drawFlame fills root with the toolbar and the flame graph of data. */
export function drawFlame(root: HTMLElement, data: FlameView, o: FlamePageOptions): FlamePage {
  const model = buildModel(data.flame);
  let icicle = o.icicle;
  const crumbs = h('nav', { class: 'crumbs', 'aria-label': 'Zoomed path' });
  const status = h('span', { class: 'search-status', id: 'search-status' });
  const toggle = h('button', { type: 'button', class: 'btn', title: 'Put the root at the top (icicle) or at the bottom (flame)' });
  const hint = h('span', { class: 'hint' }, 'click: zoom · arrows: move · Enter: zoom · Esc: zoom out · /: search');
  const diffKey = data.flame.delta
    ? h('span', { class: 'diff-key' }, h('i', { class: 'grew' }), 'grew ', h('i', { class: 'shrank' }), 'shrank vs. base (width: new + base)')
    : '';
  const graph = mountFlameGraph(model, {
    sampleUnit: data.sampleUnit,
    outputUnit: data.outputUnit,
    total: data.total,
    icicle,
    onZoom: (z) => {
      drawCrumbs();
      rerunSearch();
      o.onState?.(z, icicle);
    },
    onSelect: (n) => {
      o.onSelect?.(n === 0 ? '' : '^' + escapeRegExp(nameOf(model, n)) + '$');
      if (o.links) selection.replaceChildren(...(n === 0 ? [] : [h('span', { class: 'sel-name' }, nameOf(model, n)), o.links(nameOf(model, n))]));
    },
  });
  // Only pages with links to other views keep a line for the selection.
  const selection = h('div', { class: o.links ? 'selection' : '' });
  const elided = data.flame.elided > 0
    ? h('div', { class: 'view-note' }, `${data.flame.elided} call paths narrower than ${formatValue(data.flame.minValue, data.sampleUnit, data.outputUnit)} are not drawn.`)
    : null;
  root.replaceChildren(h('div', { class: 'flame-toolbar' }, crumbs, toggle, diffKey, status, hint), selection, graph.element, elided ?? '');

  let lastSearch = o.search;
  // After a zoom the share is of the zoomed frame; the zoom redraws.
  function rerunSearch(): void {
    if (lastSearch) doSearch(lastSearch, false);
  }
  function doSearch(text: string, redraw = true): void {
    lastSearch = text;
    const t0 = performance.now();
    let re: RegExp | null = null;
    try {
      re = text ? new RegExp(text) : null;
      status.classList.remove('error');
    } catch {
      status.textContent = 'invalid regexp';
      status.classList.add('error');
      graph.setSearch(null);
      return;
    }
    if (!re) {
      status.textContent = '';
      graph.setSearch(null);
      return;
    }
    const r = search(model, re, graph.zoom);
    graph.setSearch(r, redraw);
    const of = graph.zoom === 0 ? 'of total' : 'of zoomed';
    status.textContent = `matched ${formatPercent(r.value, data.flame.cum[graph.zoom])} ${of} (${formatValue(r.value, data.sampleUnit, data.outputUnit)}, ${r.count} frames)`;
    performance.measure('flame-search', { start: t0, end: performance.now() });
  }
  function drawCrumbs(): void {
    const path = [...ancestors(model, graph.zoom), graph.zoom];
    crumbs.replaceChildren(
      ...path.flatMap((n, k) => [
        k > 0 ? h('span', { class: 'sep' }, '›') : '',
        h('button', { type: 'button', class: n === graph.zoom ? 'crumb current' : 'crumb', title: nameOf(model, n), onclick: () => zoomTo(n) }, shorten(nameOf(model, n))),
      ]),
    );
  }
  function zoomTo(n: number): void {
    graph.setZoom(n);
  }
  function drawToggle(): void {
    toggle.textContent = icicle ? 'Flame (root at bottom)' : 'Icicle (root at top)';
  }
  toggle.addEventListener('click', () => {
    icicle = !icicle;
    graph.setIcicle(icicle);
    drawToggle();
    o.onState?.(graph.zoom, icicle);
  });
  drawToggle();
  const z = Number.isInteger(o.zoom) && o.zoom > 0 && o.zoom < model.n ? o.zoom : 0;
  graph.zoom = z;
  drawCrumbs();
  if (o.search) doSearch(o.search);
  else graph.render();
  return { graph, model, search: doSearch };
}

function shorten(name: string): string {
  return name.length > 40 ? name.slice(0, 39) + '…' : name;
}

/** functionLinks links a function to the views about it. */
export function functionLinks(current: URLSearchParams, name: string): Node {
  const q = new URLSearchParams();
  for (const [k, v] of current) if (k !== 'zoom' && k !== 'search' && k !== 'topsort') q.set(k, v);
  q.set('f', '^' + escapeRegExp(name) + '$');
  return h('span', { class: 'row-links' },
    h('a', { href: href('sandwich', q), title: 'Callers and callees' }, 'sandwich'),
    h('a', { href: href('peek', q), title: 'Callers and callees with weights' }, 'peek'),
    h('a', { href: href('source', q), title: 'Source lines' }, 'source'),
  );
}
