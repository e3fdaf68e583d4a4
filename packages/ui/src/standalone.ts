// Entry point of -flamegraph HTML files: the same flame graph page as the
// server's, fed from the JSON embedded in the file instead of a request.

import type { FlameView } from '@fluoro/cli/contract';
import { h } from './dom.js';
import { drawFlame } from './views/flame.js';

interface Embedded {
  title: string;
  view: FlameView;
}

function boot(): void {
  const el = document.getElementById('fluoro-data');
  if (!el?.textContent) return;
  const { title, view } = JSON.parse(el.textContent) as Embedded;
  const search = h('input', { id: 'search', type: 'search', placeholder: 'Search (regexp)', spellcheck: 'false', autocomplete: 'off' });
  const legend = h('pre', { class: 'legend', hidden: true }, view.legend.join('\n'));
  const info = h('button', { type: 'button', class: 'btn', title: 'Profile details', onclick: () => (legend.hidden = !legend.hidden) }, 'Details');
  const root = h('main', { id: 'view' });
  document.body.append(
    h('header', { class: 'bar' }, h('span', { class: 'brand' }, 'fluoro'), h('span', { class: 'title' }, title), h('div', { class: 'spacer' }), search, info),
    legend,
    root,
  );
  performance.mark('flame-fetch-start');
  const page = drawFlame(root, view, { zoom: 0, icicle: true, search: '' });
  performance.mark('flame-paint');
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => page.search(search.value), 60);
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === '/' && document.activeElement !== search) {
      ev.preventDefault();
      search.focus();
    }
  });
  document.body.dataset.state = 'ready';
}

boot();
