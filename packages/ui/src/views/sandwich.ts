// sandwich view: not drawn yet; points to the views that are.

import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { href } from '../state.js';

/** sandwichView explains that this view is coming. */
export async function sandwichView(ctx: ViewContext): Promise<void> {
  ctx.root.replaceChildren(
    h('div', { class: 'view-note' }, 'This view is not available yet. ', h('a', { href: href('flamegraph', ctx.q) }, 'Open the flame graph'), '.'),
  );
}
