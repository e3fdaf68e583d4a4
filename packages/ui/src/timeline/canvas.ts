// The timeline widget: one canvas with a time axis and the server's lanes,
// each in its rows, lane titles in a column on the left. The wheel zooms
// around the pointer, a drag pans, a click selects the slice under the
// pointer; w/s zoom, a/d pan and 0 resets from the keyboard. Names are drawn
// with fillText, so whatever a name holds it is pixels, never markup.

import type { TimelineSlice, TimelineView } from '@fluoro/cli/contract';
import { beginFrame, followPointer, localPoint, redrawOnResize } from '../canvas-widget.js';
import { h } from '../dom.js';
import { formatValue } from '../format.js';
import { DIMMED, phaseColor, sliceColor } from './colors.js';

const LABEL_W = 190;
const AXIS_H = 24;
const ROW = 16;
const LANE_GAP = 8;
const COUNTER_H = 40;
const FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
// The narrowest view: 10 µs across the whole width.
const MIN_SPAN = 10;

/** TimelineOptions are the widget's callbacks. */
export interface TimelineOptions {
  onSelect: (slice: number) => void;
}

/** Timeline is a mounted timeline. */
export interface Timeline {
  element: HTMLElement;
  canvas: HTMLCanvasElement;
  /** The visible time range, microseconds from the trace's start. */
  view: { start: number; end: number };
  setView(start: number, end: number): void;
  /** reveal selects a slice and zooms to it with some room around. */
  reveal(slice: number): void;
  select(slice: number): void;
  /** setMatches dims every slice not in the set; null shows all. */
  setMatches(m: Set<number> | null): void;
  render(): void;
  /** hitTest is the slice drawn at a point in CSS pixels of the canvas, or -1. */
  hitTest(px: number, py: number): number;
  /** xOf is where a time is drawn, in CSS pixels from the canvas's left. */
  xOf(t: number): number;
  /** laneTop is the y of a lane's first row. */
  laneTop(lane: number): number;
  destroy(): void;
}

/** niceStep is the axis tick spacing: 1, 2 or 5 times a power of ten, about `target` µs. */
export function niceStep(target: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(target, 1e-3))));
  for (const m of [1, 2, 5]) if (m * p >= target) return m * p;
  return 10 * p;
}

/** mountTimeline draws a timeline view into a new element. */
export function mountTimeline(data: TimelineView, opts: TimelineOptions): Timeline {
  const canvas = h('canvas', { class: 'timeline-canvas', tabindex: 0, role: 'img', 'aria-label': 'Timeline' });
  const tooltip = h('div', { class: 'timeline-tooltip', hidden: true });
  const element = h('div', { class: 'timeline-wrap' }, canvas, tooltip);
  const ctx = canvas.getContext('2d', { alpha: false })!;
  const duration = Math.max(data.duration, MIN_SPAN);

  // Lane geometry: top y and height, fixed for the page's life.
  const tops: number[] = [];
  const heights: number[] = [];
  let total = AXIS_H;
  for (const lane of data.lanes) {
    tops.push(total);
    const hgt = lane.kind === 'counter' ? COUNTER_H : Math.max(lane.rows, 1) * ROW;
    heights.push(hgt);
    total += hgt + LANE_GAP;
  }
  const height = total;
  // Slices by lane and row, in start order, for drawing and hit tests.
  const byRow = new Map<string, number[]>();
  data.slices.forEach((s, i) => {
    const k = `${s.lane}/${s.row}`;
    const list = byRow.get(k);
    if (list) list.push(i);
    else byRow.set(k, [i]);
  });
  for (const list of byRow.values()) list.sort((a, b) => data.slices[a].start - data.slices[b].start);

  let width = 0;
  let matches: Set<number> | null = null;
  let hover = -1;

  const t: Timeline = {
    element,
    canvas,
    view: { start: 0, end: duration },
    setView(start, end) {
      let span = Math.max(end - start, MIN_SPAN);
      span = Math.min(span, duration);
      let s = Math.max(0, Math.min(start, duration - span));
      if (!Number.isFinite(s)) s = 0;
      t.view = { start: s, end: s + span };
      render();
    },
    reveal(slice) {
      const s = data.slices[slice];
      const pad = Math.max(s.dur * 0.25, MIN_SPAN);
      t.setView(s.start - pad, s.start + s.dur + pad);
      t.select(slice);
    },
    select(slice) {
      selected = slice;
      render();
      if (slice >= 0) opts.onSelect(slice);
    },
    setMatches(m) {
      matches = m;
      render();
    },
    render,
    hitTest,
    xOf,
    laneTop: (lane) => tops[lane],
    destroy() {
      observer.disconnect();
    },
  };
  let selected = -1;

  function xOf(time: number): number {
    return LABEL_W + ((time - t.view.start) / (t.view.end - t.view.start)) * (width - LABEL_W);
  }

  function timeAt(px: number): number {
    return t.view.start + ((px - LABEL_W) / (width - LABEL_W)) * (t.view.end - t.view.start);
  }

  // box is where a slice is drawn, at least 2 px wide so instants show.
  function box(s: TimelineSlice): { x: number; y: number; w: number } {
    const x = xOf(s.start);
    return { x, y: tops[s.lane] + s.row * ROW, w: Math.max(xOf(s.start + s.dur) - x, 2) };
  }

  function drawAxis(): void {
    ctx.fillStyle = '#f6f2ec';
    ctx.fillRect(0, 0, width, AXIS_H);
    const span = t.view.end - t.view.start;
    const step = niceStep((span * 90) / Math.max(width - LABEL_W, 1));
    ctx.fillStyle = '#78716c';
    ctx.strokeStyle = '#e4ddd4';
    ctx.beginPath();
    for (let v = Math.ceil(t.view.start / step) * step; v <= t.view.end; v += step) {
      const x = Math.round(xOf(v)) + 0.5;
      ctx.moveTo(x, AXIS_H - 6);
      ctx.lineTo(x, height);
      ctx.fillText(formatValue(v, 'microseconds'), x + 3, AXIS_H / 2);
    }
    ctx.stroke();
  }

  function drawCounter(lane: number): void {
    const c = data.lanes[lane].counter!;
    const top = tops[lane];
    const hgt = heights[lane];
    const max = c.max > 0 ? c.max : 1;
    ctx.beginPath();
    ctx.moveTo(LABEL_W, top + hgt);
    for (let i = 0; i < c.ts.length; i++) {
      const x = xOf(c.ts[i]);
      if (x < LABEL_W - 50 || x > width + 50) continue;
      ctx.lineTo(x, top + hgt - (c.values[i] / max) * (hgt - 4));
    }
    ctx.lineTo(width, top + hgt);
    ctx.closePath();
    ctx.fillStyle = lane % 2 === 0 ? '#fcd9c4' : '#d9e6f5';
    ctx.fill();
    ctx.fillStyle = '#78716c';
    ctx.fillText('max ' + formatValue(c.max, c.unit), width - 110, top + 8);
  }

  function label(text: string, x: number, y: number, w: number, charWidth: number): void {
    const max = Math.floor((w - 4) / charWidth);
    if (max < 3) return;
    ctx.fillText(text.length <= max ? text : text.slice(0, max - 1) + '…', x + 2, y + ROW / 2);
  }

  function render(): void {
    const start = performance.now();
    width = Math.max(canvas.parentElement?.clientWidth ?? 0, LABEL_W + 200);
    const charWidth = beginFrame(canvas, ctx, { width, height, font: FONT });
    data.lanes.forEach((_, i) => {
      if (i % 2 === 1) {
        ctx.fillStyle = '#faf7f2';
        ctx.fillRect(0, tops[i] - LANE_GAP / 2, width, heights[i] + LANE_GAP);
      }
    });
    drawAxis();
    ctx.save();
    ctx.beginPath();
    ctx.rect(LABEL_W, AXIS_H, width - LABEL_W, height - AXIS_H);
    ctx.clip();
    let drawn = 0;
    const labels: [string, number, number, number][] = [];
    for (const [key, list] of byRow) {
      const lane = Number(key.slice(0, key.indexOf('/')));
      if (data.lanes[lane].kind === 'counter') continue;
      for (const i of list) {
        const s = data.slices[i];
        if (s.start > t.view.end) break;
        if (s.start + s.dur < t.view.start) continue;
        const b = box(s);
        const dim = matches !== null && !matches.has(i);
        ctx.fillStyle = dim ? DIMMED : sliceColor(s.color);
        ctx.fillRect(b.x, b.y + 1, Math.max(b.w - 0.5, 1), ROW - 2);
        if (!dim && s.segments) {
          for (const seg of s.segments) {
            const x = xOf(seg.start);
            const w = xOf(seg.start + seg.dur) - x;
            if (w < 0.5) continue;
            ctx.fillStyle = phaseColor(seg.name);
            ctx.fillRect(x, b.y + ROW - 6, w, 4);
          }
        }
        if (s.marks) {
          ctx.fillStyle = '#1c1917';
          for (const m of s.marks) ctx.fillRect(xOf(m) - 0.5, b.y + 1, 1.5, ROW - 2);
        }
        if (s.open) {
          ctx.fillStyle = '#1c1917';
          ctx.fillRect(b.x + b.w - 2, b.y + 1, 2, ROW - 2);
        }
        if (b.w > 24) labels.push([s.name, Math.max(b.x, LABEL_W), b.y, b.x + b.w - Math.max(b.x, LABEL_W)]);
        drawn++;
      }
    }
    ctx.fillStyle = '#1c1917';
    for (const [text, x, y, w] of labels) label(text, x, y, w, charWidth);
    data.lanes.forEach((lane, i) => {
      if (lane.kind === 'counter') drawCounter(i);
    });
    for (const i of [hover, selected]) {
      if (i < 0) continue;
      const b = box(data.slices[i]);
      ctx.strokeStyle = i === selected ? '#1d4ed8' : '#57534e';
      ctx.lineWidth = i === selected ? 2 : 1;
      ctx.strokeRect(b.x + 0.5, b.y + 1, Math.max(b.w - 1, 1), ROW - 2);
    }
    ctx.restore();
    // Lane titles over a plain column.
    ctx.fillStyle = '#f6f2ec';
    ctx.fillRect(0, AXIS_H, LABEL_W - 4, height - AXIS_H);
    ctx.fillStyle = '#1c1917';
    data.lanes.forEach((lane, i) => label(lane.title, 6, tops[i], LABEL_W - 10, charWidth));
    // For tests: what the canvas shows, without reading pixels.
    canvas.dataset.viewStart = t.view.start.toFixed(0);
    canvas.dataset.viewEnd = t.view.end.toFixed(0);
    canvas.dataset.drawn = String(drawn);
    canvas.dataset.selected = String(selected);
    canvas.dataset.renderMs = (performance.now() - start).toFixed(2);
  }

  function hitTest(px: number, py: number): number {
    if (px < LABEL_W || px >= width) return -1;
    const lane = tops.findIndex((top, i) => py >= top && py < top + heights[i]);
    if (lane < 0 || data.lanes[lane].kind === 'counter') return -1;
    const row = Math.floor((py - tops[lane]) / ROW);
    const list = byRow.get(`${lane}/${row}`) ?? [];
    let best = -1;
    for (const i of list) {
      const b = box(data.slices[i]);
      // The innermost (narrowest) slice under the pointer wins; 2 px of slack for thin ones.
      if (px >= b.x - 2 && px <= b.x + b.w + 2 && (best < 0 || b.w < box(data.slices[best]).w)) best = i;
    }
    return best;
  }

  let drag: { x: number; start: number; end: number; moved: boolean } | undefined;
  canvas.addEventListener('mousedown', (ev) => {
    drag = { x: ev.clientX, start: t.view.start, end: t.view.end, moved: false };
  });
  window.addEventListener('mousemove', (ev) => {
    if (drag === undefined) return;
    const dx = ev.clientX - drag.x;
    if (Math.abs(dx) > 3) drag.moved = true;
    if (!drag.moved) return;
    const per = (drag.end - drag.start) / Math.max(width - LABEL_W, 1);
    t.setView(drag.start - dx * per, drag.end - dx * per);
  });
  window.addEventListener('mouseup', () => {
    // The click handler runs after this and reads whether it was a drag.
    setTimeout(() => (drag = undefined), 0);
  });
  followPointer({
    canvas,
    element,
    tooltip,
    hitTest,
    setHover(i) {
      hover = i;
      render();
    },
    tooltipContent(i) {
      const s = data.slices[i];
      return [h('div', { class: 'tt-name' }, s.name), h('div', {}, `${formatValue(s.dur, 'microseconds')} at ${formatValue(s.start, 'microseconds')}`)];
    },
    idleCursor: 'grab',
    paused: () => drag?.moved === true,
  });
  canvas.addEventListener('click', (ev) => {
    if (drag?.moved) return;
    const i = hitTest(...localPoint(canvas, ev));
    if (i >= 0) t.select(i);
  });
  canvas.addEventListener(
    'wheel',
    (ev) => {
      ev.preventDefault();
      const [px] = localPoint(canvas, ev);
      const at = px >= LABEL_W ? timeAt(px) : (t.view.start + t.view.end) / 2;
      const f = Math.exp(ev.deltaY * 0.002);
      t.setView(at - (at - t.view.start) * f, at + (t.view.end - at) * f);
    },
    { passive: false },
  );
  canvas.addEventListener('keydown', (ev) => {
    const span = t.view.end - t.view.start;
    const mid = (t.view.start + t.view.end) / 2;
    const keys: Record<string, () => void> = {
      w: () => t.setView(mid - span / 4, mid + span / 4),
      s: () => t.setView(mid - span, mid + span),
      a: () => t.setView(t.view.start - span / 5, t.view.end - span / 5),
      d: () => t.setView(t.view.start + span / 5, t.view.end + span / 5),
      '0': () => t.setView(0, duration),
    };
    const fn = keys[ev.key];
    if (fn === undefined) return;
    fn();
    ev.preventDefault();
  });
  const observer = redrawOnResize(element, canvas, () => width, render);
  return t;
}
