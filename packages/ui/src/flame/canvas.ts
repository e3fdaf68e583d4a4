// The flame graph widget: one canvas, redrawn from the typed-array layout on
// every change. A redraw visits only nodes at least half a pixel wide (a
// narrower node skips its subtree), so its cost follows what is visible, not
// the size of the profile. Hover shows a tooltip, click zooms, the keyboard
// moves a selection (arrows), zooms (Enter) and zooms out (Escape).

import { beginFrame, followPointer, localPoint, redrawOnResize } from '../canvas-widget.js';
import { h } from '../dom.js';
import { DIMMED, HIGHLIGHT, diffColor, frameColor, packageOf } from './colors.js';
import { keyTarget } from './keys.js';
import { ancestors, fileOf, nameOf, type FlameModel, type SearchResult } from './model.js';
import { tooltipRows } from './tooltip.js';

const ROW = 18;
const FONT = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** FlameCanvasOptions are the numbers' units and the callbacks of a flame graph. */
export interface FlameCanvasOptions {
  sampleUnit: string;
  outputUnit: string;
  /** The report total that percentages are of. */
  total: number;
  /** Root at the top (icicle) or at the bottom (flame). */
  icicle: boolean;
  onZoom?: (node: number) => void;
  onSelect?: (node: number) => void;
}

/** FlameGraph is a mounted flame graph. */
export interface FlameGraph {
  element: HTMLElement;
  canvas: HTMLCanvasElement;
  zoom: number;
  selected: number;
  setZoom(node: number): void;
  /** setSearch highlights a search's matches; redraw false when a redraw follows anyway. */
  setSearch(s: SearchResult | null, redraw?: boolean): void;
  setIcicle(icicle: boolean): void;
  select(node: number): void;
  render(): void;
  /** hitTest returns the node drawn at a point in CSS pixels of the canvas, or -1. */
  hitTest(px: number, py: number): number;
  /** rectOf returns where a node is drawn, or undefined when it is not. */
  rectOf(node: number): { x: number; y: number; w: number; h: number } | undefined;
  destroy(): void;
}

/** mountFlameGraph draws model into a new element. */
export function mountFlameGraph(model: FlameModel, opts: FlameCanvasOptions): FlameGraph {
  const canvas = h('canvas', { class: 'flame-canvas', tabindex: 0, role: 'img', 'aria-label': 'Flame graph' });
  const tooltip = h('div', { class: 'flame-tooltip', hidden: true });
  const element = h('div', { class: 'flame-wrap' }, canvas, tooltip);
  const ctx = canvas.getContext('2d', { alpha: false })!;
  const { data, x, end } = model;
  const colors = data.names.map((n, f) => frameColor(packageOf(n, data.files[f])));
  let icicle = opts.icicle;
  let found: SearchResult | null = null;
  let width = 0;
  let height = 0;
  let rows = 0;
  let charWidth = 7;
  let hover = -1;

  const g: FlameGraph = {
    element,
    canvas,
    zoom: 0,
    selected: -1,
    setZoom(node) {
      const t0 = performance.now();
      g.zoom = node;
      opts.onZoom?.(node);
      render();
      performance.measure('flame-zoom', { start: t0, end: performance.now() });
    },
    setSearch(s, redraw = true) {
      found = s;
      if (redraw) render();
    },
    setIcicle(v) {
      icicle = v;
      render();
    },
    select(node) {
      g.selected = node;
      render();
      if (node >= 0) opts.onSelect?.(node);
    },
    render,
    hitTest,
    rectOf,
    destroy() {
      observer.disconnect();
    },
  };

  function rowY(depth: number): number {
    return icicle ? depth * ROW : height - (depth + 1) * ROW;
  }

  function fill(i: number): string {
    if (found) return found.hit[i] === 1 ? HIGHLIGHT : DIMMED;
    if (model.diff) return diffColor(data.delta![i], data.cum[i]);
    const f = data.frame[i];
    return f < 0 ? '#c9c3bd' : colors[f];
  }

  // Visible nodes of the last render: node, left edge and width.
  let vis = new Int32Array(1024);
  let visX = new Float64Array(1024);
  let visW = new Float64Array(1024);

  function label(i: number, w: number): string | undefined {
    if (w < charWidth * 3 + 6) return undefined;
    const name = nameOf(model, i);
    const max = Math.floor((w - 6) / charWidth);
    return name.length <= max ? name : name.slice(0, Math.max(max - 1, 1)) + '…';
  }

  function outline(i: number, px: number, w: number): void {
    const y = rowY(data.depth[i]);
    ctx.strokeStyle = i === g.selected ? '#1d4ed8' : '#57534e';
    ctx.lineWidth = i === g.selected ? 2 : 1;
    ctx.strokeRect(px + 0.5, y + 0.5, Math.max(w - 2, 1), ROW - 2);
  }

  function render(): void {
    const start = performance.now();
    width = Math.max(canvas.parentElement?.clientWidth ?? 0, 200);
    // The full tree's height at every zoom: resizing a canvas reallocates it.
    // Browsers refuse canvases over 32767 pixels; deeper frames are cut.
    rows = Math.min(model.maxDepth + 1, Math.floor(32000 / (ROW * (window.devicePixelRatio || 1))));
    height = rows * ROW;
    charWidth = beginFrame(canvas, ctx, { width, height, font: FONT });
    const z = g.zoom;
    const scale = width / (data.cum[z] || 1);
    const x0 = x[z];
    let nv = 0;
    for (let i = z; i < end[z]; ) {
      const w = data.cum[i] * scale;
      if (w < 0.5) {
        i = end[i];
        continue;
      }
      if (nv === vis.length) {
        const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
        vis = grow(vis, new Int32Array(nv * 2));
        visX = grow(visX, new Float64Array(nv * 2));
        visW = grow(visW, new Float64Array(nv * 2));
      }
      vis[nv] = i;
      visX[nv] = (x[i] - x0) * scale;
      visW[nv] = w;
      nv++;
      i++;
    }
    // Rectangles in one path per color: setting a fill style parses it, and
    // a full redraw has thousands of frames but few colors.
    const byColor = new Map<string, number[]>();
    for (let k = 0; k < nv; k++) {
      const c = fill(vis[k]);
      const list = byColor.get(c);
      if (list) list.push(k);
      else byColor.set(c, [k]);
    }
    for (const [c, list] of byColor) {
      ctx.fillStyle = c;
      ctx.beginPath();
      for (const k of list) ctx.rect(visX[k], rowY(data.depth[vis[k]]), Math.max(visW[k] - 1, 0.5), ROW - 1);
      ctx.fill();
    }
    // The zoomed node's ancestors span the whole width, faded, above it.
    const anc = ancestors(model, z);
    ctx.globalAlpha = 0.55;
    for (const a of anc) {
      ctx.fillStyle = fill(a);
      ctx.fillRect(0, rowY(data.depth[a]), width - 1, ROW - 1);
    }
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#1c1917';
    for (const a of anc) {
      const t = label(a, width);
      if (t) ctx.fillText(t, 3, rowY(data.depth[a]) + ROW / 2);
    }
    for (let k = 0; k < nv; k++) {
      const i = vis[k];
      if (found && found.hit[i] === 1) continue;
      const t = label(i, visW[k]);
      if (t) ctx.fillText(t, visX[k] + 3, rowY(data.depth[i]) + ROW / 2);
    }
    if (found) {
      ctx.fillStyle = '#fff';
      for (let k = 0; k < nv; k++) {
        const i = vis[k];
        if (found.hit[i] !== 1) continue;
        const t = label(i, visW[k]);
        if (t) ctx.fillText(t, visX[k] + 3, rowY(data.depth[i]) + ROW / 2);
      }
    }
    for (const i of [hover, g.selected]) {
      if (i < 0) continue;
      const r = rectOf(i);
      if (r) outline(i, r.x, r.w);
    }
    const drawn = nv;
    // For tests and the benchmark: what the canvas holds, without reading pixels.
    canvas.dataset.nodes = String(model.n);
    canvas.dataset.drawn = String(drawn);
    canvas.dataset.zoom = String(z);
    canvas.dataset.matched = found ? String(found.count) : '';
    canvas.dataset.renderMs = (performance.now() - start).toFixed(2);
  }

  function rectOf(node: number) {
    const z = g.zoom;
    const scale = width / (data.cum[z] || 1);
    const depth = data.depth[node];
    if (depth < data.depth[z]) {
      return ancestors(model, z).includes(node) ? { x: 0, y: rowY(depth), w: width, h: ROW } : undefined;
    }
    if (node < z || node >= end[z]) return undefined;
    const w = data.cum[node] * scale;
    if (w < 0.5) return undefined;
    return { x: (x[node] - x[z]) * scale, y: rowY(depth), w, h: ROW };
  }

  function hitTest(px: number, py: number): number {
    const depth = icicle ? Math.floor(py / ROW) : Math.floor((height - py) / ROW);
    const z = g.zoom;
    const zd = data.depth[z];
    if (depth < 0 || px < 0 || px >= width) return -1;
    if (depth < zd) return ancestors(model, z)[depth] ?? -1;
    const v = x[z] + (px / width) * data.cum[z];
    let node = z;
    while (data.depth[node] < depth) {
      let next = -1;
      for (let c = node + 1; c < end[node]; c = end[c]) {
        if (x[c] <= v && v < x[c] + data.cum[c]) {
          next = c;
          break;
        }
      }
      if (next < 0) return -1;
      node = next;
    }
    return node;
  }

  followPointer({
    canvas,
    element,
    tooltip,
    hitTest,
    setHover(node) {
      hover = node;
      render();
    },
    tooltipContent(node) {
      const file = fileOf(model, node);
      const facts = tooltipRows(model, node, g.zoom, opts);
      return [
        h('div', { class: 'tt-name' }, nameOf(model, node)),
        ...(file ? [h('div', { class: 'tt-file' }, file)] : []),
        h('table', {}, ...facts.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))),
      ];
    },
    idleCursor: 'default',
  });
  canvas.addEventListener('click', (ev) => {
    const node = hitTest(...localPoint(canvas, ev));
    if (node < 0) return;
    g.selected = node;
    g.setZoom(node);
    opts.onSelect?.(node);
  });
  canvas.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      if (g.selected >= 0) g.setZoom(g.selected);
    } else if (ev.key === 'Escape') {
      g.setZoom(model.parent[g.zoom] >= 0 ? model.parent[g.zoom] : 0);
    } else {
      const next = keyTarget(model, g.selected >= 0 ? g.selected : g.zoom, ev.key, icicle);
      if (next < 0) return;
      g.select(next);
    }
    ev.preventDefault();
  });
  const observer = redrawOnResize(element, canvas, () => width, render);
  return g;
}
