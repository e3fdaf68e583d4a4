// Graph: the call graph as pprof draws it (nodes sized by flat, edges by
// weight), laid out on the server. The SVG is parsed as XML and stripped of
// scripts, event attributes and external links before it joins the page;
// the page pans it (drag) and zooms it (wheel) by its viewBox. Clicking a
// node selects its function for Refine and links to its other views.

import { getView } from '../api.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { functionLinks } from './flame.js';

/** sanitizeSvg parses graphviz output and keeps only inert SVG. */
export function sanitizeSvg(text: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) return null;
  for (const el of [...svg.querySelectorAll('script, foreignObject, iframe, object, embed, use, image, animate, set')]) el.remove();
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    for (const a of [...el.attributes]) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on') || ((name === 'href' || name === 'xlink:href') && !a.value.startsWith('#'))) el.removeAttribute(a.name);
    }
  }
  return document.importNode(svg, true) as unknown as SVGSVGElement;
}

/** graphView draws the call graph with pan and zoom. */
export async function graphView(ctx: ViewContext): Promise<void> {
  const data = await getView(ctx.base, 'graph', ctx.q);
  ctx.setHeader(data);
  const svg = sanitizeSvg(data.svg);
  if (!svg) throw new Error('the graph could not be read');
  // pprof's viewport group starts scaled for its own pan script; the viewBox does that job here.
  svg.querySelector('#viewport')?.removeAttribute('transform');
  const wrap = h('div', { class: 'graph-wrap', id: 'graph' });
  const selection = h('div', { class: 'selection' });
  const fitAll = h('button', { type: 'button', class: 'btn' }, 'Fit whole graph');
  const fitWidth = h('button', { type: 'button', class: 'btn' }, 'Fit width');
  ctx.root.replaceChildren(
    h('div', { class: 'flame-toolbar' }, fitWidth, fitAll, h('span', { class: 'hint' }, 'drag: pan · wheel: zoom · click a node: select it')),
    selection,
    wrap,
  );
  wrap.append(svg);
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
  const g = svg.querySelector('g') as SVGGElement | null;
  const box = g?.getBBox() ?? { x: 0, y: 0, width: 100, height: 100 };
  // A tall graph starts at its full width, top first, so its labels are
  // readable; drag down to see the rest. A wide one fits whole.
  const wr = wrap.getBoundingClientRect();
  const fitW = box.width + 20;
  const tallH = fitW * (wr.height / Math.max(wr.width, 1));
  let vb = { x: box.x - 10, y: box.y - 10, w: fitW, h: Math.min(box.height + 20, tallH) };
  const apply = () => svg.setAttribute('viewBox', `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
  apply();
  const start = { ...vb };
  fitWidth.addEventListener('click', () => {
    vb = { ...start };
    apply();
  });
  fitAll.addEventListener('click', () => {
    vb = { x: box.x - 10, y: box.y - 10, w: box.width + 20, h: box.height + 20 };
    apply();
  });
  svg.setAttribute('preserveAspectRatio', 'xMidYMin meet');
  const scale = () => {
    const r = svg.getBoundingClientRect();
    return Math.max(vb.w / r.width, vb.h / r.height);
  };
  wrap.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    const k = Math.exp(ev.deltaY * 0.0015);
    const s = scale();
    // Keep the point under the pointer where it is.
    const px = vb.x + (ev.clientX - r.left - (r.width - vb.w / s) / 2) * s;
    const py = vb.y + (ev.clientY - r.top) * s;
    vb = { x: px - (px - vb.x) * k, y: py - (py - vb.y) * k, w: vb.w * k, h: vb.h * k };
    apply();
  }, { passive: false });
  let drag: { x: number; y: number; vx: number; vy: number; moved: boolean } | null = null;
  wrap.addEventListener('pointerdown', (ev) => {
    drag = { x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y, moved: false };
    wrap.setPointerCapture(ev.pointerId);
  });
  wrap.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const s = scale();
    if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) drag.moved = true;
    vb = { ...vb, x: drag.vx - (ev.clientX - drag.x) * s, y: drag.vy - (ev.clientY - drag.y) * s };
    apply();
  });
  wrap.addEventListener('pointerup', (ev) => {
    const moved = drag?.moved;
    drag = null;
    if (moved) return;
    const node = (document.elementFromPoint(ev.clientX, ev.clientY) as Element | null)?.closest('g.node');
    for (const n of svg.querySelectorAll('g.node.selected')) n.classList.remove('selected');
    if (!node) {
      selection.replaceChildren();
      ctx.setSelection([]);
      return;
    }
    // Function nodes are titled N1, N2...; their link's tooltip is "name (value)".
    const id = node.querySelector('title')?.textContent ?? '';
    const tip = node.querySelector('a')?.getAttributeNS('http://www.w3.org/1999/xlink', 'title') ?? '';
    if (!/^N\d+$/.test(id) || tip === '') return;
    node.classList.add('selected');
    const fn = tip.replace(/ \([^()]*\)$/, '');
    ctx.setSelection(['^' + fn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$']);
    selection.replaceChildren(h('span', { class: 'sel-name' }, fn), functionLinks(ctx.q, fn));
  });
}

