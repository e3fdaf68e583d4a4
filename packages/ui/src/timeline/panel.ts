// The side panel: the selected slice's details as the server wrote them,
// label and value pairs, hottest frames, stack and log messages, and a link
// to the flame graph of the CPU samples inside the slice. Everything goes
// in as text nodes (dom.ts's h), whatever the trace's strings hold.

import { cpuPagePath, type SliceDetails } from '@fluoro/cli/contract';
import { h } from '../dom.js';
import { formatValue } from '../format.js';

/** showDetails fills the panel with a slice's details. */
export function showDetails(panel: HTMLElement, d: SliceDetails): void {
  const parts: (Node | string)[] = [h('h2', { class: 'details-title' }, d.title)];
  parts.push(h('dl', { class: 'fields' }, ...d.fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
  if (d.cpu) {
    const samples = `${d.cpu.samples} CPU sample${d.cpu.samples === 1 ? '' : 's'}`;
    parts.push(
      h('p', { class: 'cpu-links' },
        h('a', { class: 'flame-link', href: cpuPagePath(d.cpu), target: '_blank', rel: 'noopener' }, `Flame graph of the ${samples} in this slice`),
        ' · ',
        h('a', { href: cpuPagePath(d.cpu, 'top'), target: '_blank', rel: 'noopener' }, 'top'),
      ),
    );
  }
  if (d.frames && d.frames.length > 0) {
    parts.push(
      h('h3', {}, 'Hottest frames'),
      h('table', { class: 'frames' }, ...d.frames.map((f) => h('tr', {}, h('td', { class: 'num' }, String(f.samples)), h('td', { class: 'frame' }, f.frame)))),
    );
  }
  if (d.stack && d.stack.length > 0) {
    parts.push(h('h3', {}, 'Stack'), h('ol', { class: 'stack' }, ...d.stack.map((f) => h('li', {}, f))));
  }
  if (d.logs && d.logs.length > 0) {
    parts.push(
      h('h3', {}, 'Log'),
      h('ul', { class: 'logs' }, ...d.logs.map((l) => h('li', {}, h('span', { class: 'at' }, formatValue(l.at, 'microseconds')), ' ', h('b', {}, l.category), ' ', l.message))),
    );
  }
  panel.replaceChildren(...parts);
  panel.hidden = false;
}
