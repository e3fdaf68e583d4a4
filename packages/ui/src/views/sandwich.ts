// Sandwich: the function in the middle, its callers above (a flame graph
// growing up from it) and its callees below (an icicle hanging from it),
// each with the same zoom, search and tooltips as the flame graph page.

import { getView } from '../api.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { drawFlame, type FlamePage } from './flame.js';
import { pickFunction } from './pick.js';

/** sandwichView draws the callers and callees of f. */
export async function sandwichView(ctx: ViewContext): Promise<(() => void) | void> {
  if (!ctx.q.get('f')) return pickFunction(ctx, 'sandwich', 'its callers and callees');
  const data = await getView(ctx.base, 'sandwich', ctx.q);
  ctx.setHeader(data);
  const up = h('section', { class: 'sandwich-half', id: 'callers' });
  const down = h('section', { class: 'sandwich-half', id: 'callees' });
  ctx.root.replaceChildren(
    h('h2', { class: 'section-title' }, 'Callers ', h('span', { class: 'inline' }, '(who calls it; root at the bottom)')),
    up,
    h('h2', { class: 'section-title' }, 'Callees ', h('span', { class: 'inline' }, '(what it calls; root at the top)')),
    down,
  );
  const select = (name: string) => ctx.setSelection([name]);
  const pages: FlamePage[] = [
    drawFlame(up, { ...data, flame: data.callers }, { zoom: 0, icicle: false, search: ctx.searchText(), onSelect: select }),
    drawFlame(down, { ...data, flame: data.callees }, { zoom: 0, icicle: true, search: ctx.searchText(), onSelect: select }),
  ];
  ctx.onSearch((text) => pages.forEach((p) => p.search(text)));
  return () => pages.forEach((p) => p.graph.destroy());
}
