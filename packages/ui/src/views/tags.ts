// Tags: the profile's labels (thread, request route, bytes...) with the
// weight behind each value, as `fluoro pprof -tags` prints them.

import { getView } from '../api.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';

/** tagsView shows the -tags report. */
export async function tagsView(ctx: ViewContext): Promise<void> {
  const data = await getView(ctx.base, 'tags', ctx.q);
  ctx.setHeader(data);
  const body = data.text.split('\n').filter((l) => !data.legend.includes(l)).join('\n').trim();
  ctx.root.replaceChildren(body ? h('pre', { class: 'tags' }, body) : h('div', { class: 'view-note' }, 'This profile has no tags (labels).'));
}
