// The web UI's page: a header (view tabs, sample type, Refine menu, search
// box, legend) shared by every view, and the router that draws the view the
// URL names. Views fetch their JSON from /ui/api/ and draw it; nothing here
// parses a profile.

import { PAGE_NAMES, type MetaView, type PageName, type SettingName, type ViewHeader } from '@fluoro/cli/contract';
import { ApiError, getView } from './api.js';
import type { ViewContext, ViewFn } from './context.js';
import { clear, h } from './dom.js';
import { currentView, href, navigate, params, setRouter, TITLES, uiBase, updateQuery } from './state.js';
import { flameView } from './views/flame.js';
import { graphView } from './views/graph.js';
import { peekView } from './views/peek.js';
import { sandwichView } from './views/sandwich.js';
import { sourceView } from './views/source.js';
import { tagsView } from './views/tags.js';
import { topView } from './views/top.js';

const DRAW: Record<PageName, ViewFn> = {
  graph: graphView,
  top: topView,
  flamegraph: flameView,
  peek: peekView,
  source: sourceView,
  sandwich: sandwichView,
  tags: tagsView,
};

const REFINE: { label: string; param: SettingName; help: string }[] = [
  { label: 'Focus', param: 'f', help: 'Keep only samples through the matched functions' },
  { label: 'Ignore', param: 'i', help: 'Drop samples through the matched functions' },
  { label: 'Hide', param: 'h', help: 'Remove the matched functions from stacks' },
  { label: 'Show', param: 's', help: 'Keep only the matched functions in stacks' },
  { label: 'Show from', param: 'sf', help: 'Drop frames above the outermost matched function' },
];

async function boot(): Promise<void> {
  const base = uiBase();
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Views' });
  const sampleSelect = h('select', { id: 'sample-type', title: 'Sample type (si)' });
  const searchBox = h('input', { id: 'search', type: 'search', placeholder: 'Search (regexp)', spellcheck: 'false', autocomplete: 'off', title: 'Regexp: highlights matches; Refine acts on it' });
  const refineMenu = h('div', { class: 'menu', role: 'menu', hidden: true });
  const refineBtn = h('button', { type: 'button', class: 'btn', id: 'refine', 'aria-haspopup': 'true' }, 'Refine ▾');
  const legendBtn = h('button', { type: 'button', class: 'btn', title: 'Profile details' }, 'Details');
  const downloadLink = h('a', { class: 'btn', href: base + 'download', download: 'profile.pb.gz', title: 'Download the profile (all sources merged)' }, 'Download');
  const legend = h('pre', { class: 'legend', hidden: true });
  const filters = h('div', { class: 'filters' });
  const warnings = h('div', { class: 'warnings', role: 'status' });
  const root = h('main', { id: 'view' });
  document.body.append(
    h('header', { class: 'bar' },
      h('a', { class: 'brand', href: base, title: 'fluoro pprof' }, 'fluoro'),
      tabs,
      h('div', { class: 'spacer' }),
      sampleSelect,
      h('div', { class: 'menu-wrap' }, refineBtn, refineMenu),
      searchBox,
      legendBtn,
      downloadLink,
    ),
    filters,
    legend,
    warnings,
    root,
  );

  // The profile's description fills the sample type menu; the view does not wait for it.
  let meta: MetaView | undefined;
  void getView(base, 'meta', new URLSearchParams()).then((m) => {
    meta = m;
    document.title = `${m.title} — fluoro`;
    for (const t of m.sampleTypes) sampleSelect.append(h('option', { value: t.type }, `${t.type} (${t.unit})`));
    sampleSelect.value = params().get('si') ?? m.defaultSampleType;
  }, () => undefined);

  let selection: string[] = [];
  let searchHandler: (text: string) => void = () => {};
  let cleanup: (() => void) | void;
  let drawn = '';

  legendBtn.addEventListener('click', () => (legend.hidden = !legend.hidden));
  refineBtn.addEventListener('click', () => {
    refineMenu.hidden = !refineMenu.hidden;
    // Keyboard users land on the first choice.
    if (!refineMenu.hidden) (refineMenu.querySelector('button') as HTMLButtonElement | null)?.focus();
  });
  document.addEventListener('click', (ev) => {
    if (!refineBtn.contains(ev.target as Node) && !refineMenu.contains(ev.target as Node)) refineMenu.hidden = true;
  });
  const refineRegexp = () => searchBox.value || selection.filter((s) => s !== '').join('|');
  for (const r of REFINE) {
    refineMenu.append(
      h('button', { type: 'button', role: 'menuitem', title: r.help, onclick: () => {
        const re = refineRegexp();
        refineMenu.hidden = true;
        if (!re) return;
        const q = params();
        q.set(r.param, re);
        q.delete('zoom');
        q.delete('search');
        searchBox.value = '';
        navigate(currentView(), q);
      } }, r.label),
    );
  }
  refineMenu.append(
    h('hr'),
    h('button', { type: 'button', role: 'menuitem', title: 'Show the entire profile', onclick: () => {
      refineMenu.hidden = true;
      const q = new URLSearchParams();
      const si = params().get('si');
      if (si) q.set('si', si);
      navigate(currentView(), q);
    } }, 'Reset'),
  );
  sampleSelect.addEventListener('change', () => {
    const q = params();
    q.set('si', sampleSelect.value);
    q.delete('zoom');
    navigate(currentView(), q);
  });
  let searchTimer = 0;
  searchBox.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      updateQuery((q) => (searchBox.value ? q.set('search', searchBox.value) : q.delete('search')));
      searchHandler(searchBox.value);
    }, 60);
  });
  searchBox.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      clearTimeout(searchTimer);
      searchHandler(searchBox.value);
    }
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !refineMenu.hidden) {
      refineMenu.hidden = true;
      refineBtn.focus();
      return;
    }
    if (ev.key === '/' && document.activeElement !== searchBox && !(document.activeElement instanceof HTMLInputElement)) {
      ev.preventDefault();
      searchBox.focus();
    }
  });

  const ctx = (q: URLSearchParams): ViewContext => ({
    base,
    q,
    root,
    setHeader(hd: ViewHeader) {
      legend.textContent = hd.legend.join('\n');
      warnings.replaceChildren(...hd.warnings.map((w) => h('div', { class: 'warning' }, w)));
    },
    setSelection(names) {
      selection = names;
    },
    searchText: () => searchBox.value,
    onSearch(fn) {
      searchHandler = fn;
    },
    mark(name) {
      performance.mark(name);
    },
  });

  const render = async () => {
    const view = currentView();
    const q = params();
    const key = view + '?' + [...q].filter(([k]) => k !== 'search' && k !== 'zoom' && k !== 'icicle' && k !== 'topsort').map(([k, v]) => k + '=' + v).join('&');
    searchBox.value = q.get('search') ?? '';
    if (key === drawn) return;
    drawn = key;
    tabs.replaceChildren(
      ...PAGE_NAMES.map((p) => {
        const keep = new URLSearchParams();
        for (const [k, val] of q) if (k !== 'zoom' && k !== 'topsort') keep.set(k, val);
        return h('a', { href: href(p, keep), class: p === view ? 'tab current' : 'tab', 'aria-current': p === view ? 'page' : undefined }, TITLES[p]);
      }),
    );
    if (meta) sampleSelect.value = q.get('si') ?? meta.defaultSampleType;
    drawFilters(filters, q);
    if (cleanup) cleanup();
    cleanup = undefined;
    searchHandler = () => {};
    selection = [];
    clear(root);
    root.append(h('div', { class: 'loading' }, 'Loading…'));
    document.body.dataset.state = 'loading';
    try {
      cleanup = await DRAW[view](ctx(q));
      document.body.dataset.state = 'ready';
    } catch (err) {
      const msg = err instanceof ApiError ? err.message : String((err as Error).message ?? err);
      root.replaceChildren(h('div', { class: 'error', role: 'alert' }, msg));
      document.body.dataset.state = 'error';
    }
  };
  setRouter(() => void render());
  await render();
}

// The active filters, each with a button that removes it.
function drawFilters(el: HTMLElement, q: URLSearchParams): void {
  const items = REFINE.filter((r) => q.get(r.param));
  el.replaceChildren(
    ...items.map((r) =>
      h('span', { class: 'chip' }, `${r.label.toLowerCase()}=${q.get(r.param)}`,
        h('button', { type: 'button', title: `Remove ${r.label.toLowerCase()}`, onclick: () => {
          const n = params();
          n.delete(r.param);
          n.delete('zoom');
          navigate(currentView(), n);
        } }, '×')),
    ),
  );
}

void boot();
