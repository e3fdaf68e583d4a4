// Source: the text of each function matching f with per-line flat and cum,
// as `fluoro pprof -list` annotates it; lines with cost are tinted by share.

import { getView } from '../api.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { formatPercent, formatValue } from '../format.js';
import { pickFunction } from './pick.js';

/** sourceView draws the annotated listings. */
export async function sourceView(ctx: ViewContext): Promise<void> {
  if (!ctx.q.get('f')) return pickFunction(ctx, 'source', 'its source lines');
  const data = await getView(ctx.base, 'source', ctx.q);
  ctx.setHeader(data);
  const fmt = (v: number) => (v === 0 ? '.' : formatValue(v, data.sampleUnit, data.outputUnit));
  const blocks = data.list.functions.flatMap((fn) =>
    fn.routines.map((r) => {
      const max = Math.max(1, ...r.lines.map((l) => l.cum));
      return h('section', { class: 'source' },
        h('h2', { class: 'section-title' }, r.name),
        h('div', { class: 'view-note' }, `${r.file} · flat ${fmt(r.flat)} (${formatPercent(r.flat, data.total)}) · cum ${fmt(r.cum)} (${formatPercent(r.cum, data.total)})`),
        r.error
          ? h('div', { class: 'error' }, r.error)
          : h('table', { class: 'src' },
              h('thead', {}, h('tr', {}, h('th', {}, 'flat'), h('th', {}, 'cum'), h('th', {}, 'line'), h('th', {}, ''))),
              h('tbody', {},
                ...r.lines.map((l) => {
                  const tr = h('tr', { class: l.cum !== 0 || l.flat !== 0 ? 'hot' : '' },
                    h('td', { class: 'num' }, fmt(l.flat)),
                    h('td', { class: 'num' }, fmt(l.cum)),
                    h('td', { class: 'num' }, l.lineno),
                    h('td', { class: 'code' }, l.text),
                  );
                  if (l.cum !== 0) tr.style.setProperty('--heat', String(Math.min(1, Math.abs(l.cum) / max)));
                  return tr;
                }),
              ),
            ),
      );
    }),
  );
  ctx.root.replaceChildren(...(blocks.length ? blocks : [h('div', { class: 'view-note' }, 'No source lines for this function.')]));
}
