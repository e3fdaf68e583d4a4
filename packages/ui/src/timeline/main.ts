// The timeline page of `fluoro trace -http`: a header with the trace's
// numbers and a search box, the canvas timeline, a side panel with the
// selected slice's details, and the lists of long tasks and of user tasks
// and regions. It fetches one JSON (the contract's TimelineView) and draws
// it; the server did the analysis.

import { cpuPagePath, TIMELINE_API, type TimelineView } from '@fluoro/cli/contract';
import { h } from '../dom.js';
import { formatValue } from '../format.js';
import { mountTimeline } from './canvas.js';
import { filterLists, mountLists } from './lists.js';
import { showDetails } from './panel.js';

async function load(): Promise<TimelineView> {
  const res = await fetch(TIMELINE_API);
  if (!res.ok) throw new Error((await res.text()).trim());
  return (await res.json()) as TimelineView;
}

function headline(data: TimelineView): string {
  const parts = [`${formatValue(data.duration, 'microseconds')} trace`];
  if (data.loop) parts.push(`event loop busy ${(data.loop.utilization * 100).toFixed(1)}%`);
  if (data.nodeVersion) parts.push(`node ${data.nodeVersion}`);
  if (data.pid) parts.push(`pid ${data.pid}`);
  return parts.join(' · ');
}

// matching is every slice whose name, details title or stack holds the text.
function matching(data: TimelineView, text: string): Set<number> | null {
  const q = text.toLowerCase();
  if (q === '') return null;
  const out = new Set<number>();
  data.slices.forEach((s, i) => {
    if ([s.name, s.details.title, ...(s.details.stack ?? [])].some((x) => x.toLowerCase().includes(q))) out.add(i);
  });
  return out;
}

async function boot(): Promise<void> {
  document.body.dataset.state = 'loading';
  const search = h('input', { id: 'search', type: 'search', placeholder: 'Search names and stacks', spellcheck: 'false', autocomplete: 'off' });
  const title = h('span', { class: 'title' });
  const links = h('span', { class: 'links' });
  const warnings = h('div', { class: 'warnings', role: 'status' });
  const root = h('main', { id: 'view' }, h('div', { class: 'loading' }, 'Loading…'));
  document.body.append(
    h('header', { class: 'bar' }, h('span', { class: 'brand' }, 'fluoro trace'), title, h('div', { class: 'spacer' }), links, search),
    warnings,
    root,
  );
  let data: TimelineView;
  try {
    data = await load();
  } catch (err) {
    root.replaceChildren(h('div', { class: 'error', role: 'alert' }, String((err as Error).message ?? err)));
    document.body.dataset.state = 'error';
    return;
  }
  document.title = `${data.title} — fluoro trace`;
  title.textContent = `${data.title} · ${headline(data)}`;
  links.append(
    ...(data.cpu ? [h('a', { class: 'btn', href: cpuPagePath(data.cpu), target: '_blank', rel: 'noopener', title: 'Every CPU sample of the trace in the flame graph' }, 'CPU flame graph')] : []),
    h('a', { class: 'btn', href: 'download', download: 'trace.json.gz', title: 'Download the trace file' }, 'Download'),
  );
  warnings.replaceChildren(...data.warnings.map((w) => h('div', { class: 'warning' }, w)));

  const panel = h('aside', { id: 'details', class: 'details', hidden: true });
  const timeline = mountTimeline(data, { onSelect: (i) => showDetails(panel, data.slices[i].details) });
  const select = (i: number) => {
    timeline.reveal(i);
    timeline.element.scrollIntoView({ block: 'nearest' });
  };
  const lists = mountLists(data, select);
  const hint = h('p', { class: 'view-note' }, 'Wheel to zoom, drag to pan, click a slice for its details (keys: w s a d, 0 resets).');
  root.replaceChildren(h('div', { class: 'timeline-layout' }, h('div', { class: 'timeline-main' }, hint, timeline.element), panel), lists.element);
  timeline.render();

  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      timeline.setMatches(matching(data, search.value));
      filterLists(lists, search.value);
    }, 80);
  });
  document.body.dataset.state = 'ready';
}

void boot();
