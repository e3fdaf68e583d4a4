// The function views (Sandwich, Peek, Source) need a function: f, as in
// pprof's UI. Without one they offer the top functions to pick from.

import type { PageName } from '@fluoro/cli/contract';
import { getView } from '../api.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { escapeRegExp, href } from '../state.js';

/** pickFunction fills the view with links to the heaviest functions. */
export async function pickFunction(ctx: ViewContext, view: PageName, what: string): Promise<void> {
  const top = await getView(ctx.base, 'top', ctx.q);
  ctx.setHeader(top);
  const rows = [...top.rows].sort((a, b) => b.cum - a.cum).slice(0, 30);
  ctx.root.replaceChildren(
    h('div', { class: 'view-note' }, `Pick a function to see ${what} (or type a regexp in the search box and use Refine › Focus):`),
    h('ul', { class: 'pick' },
      ...rows.map((r) => {
        const q = new URLSearchParams(ctx.q);
        q.set('f', '^' + escapeRegExp(r.name) + '$');
        return h('li', {}, h('a', { href: href(view, q) }, r.name), ' ', h('span', { class: 'inline' }, r.cumFormat));
      }),
    ),
  );
}
