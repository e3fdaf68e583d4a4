// What the flame graph and the timeline share as canvas widgets: a canvas
// sized to the device's pixels and cleared for each frame, a hover that
// follows the pointer with a tooltip beside it, and a redraw when the
// container's width changes.

/** FrameSetup is the size and font of one frame drawn by beginFrame. */
export interface FrameSetup {
  width: number;
  height: number;
  font: string;
}

/**
 * beginFrame sizes the canvas to width x height CSS pixels at the device's
 * pixel ratio (only when that changed: resizing a canvas reallocates it),
 * clears it and sets the font. It returns the width of one character.
 */
export function beginFrame(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, { width, height, font }: FrameSetup): number {
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#fffdfa';
  ctx.fillRect(0, 0, width, height);
  ctx.font = font;
  ctx.textBaseline = 'middle';
  return ctx.measureText('M').width || 7;
}

/** localPoint is where a mouse event happened, in CSS pixels from the canvas's top left. */
export function localPoint(canvas: HTMLCanvasElement, ev: MouseEvent): [number, number] {
  const r = canvas.getBoundingClientRect();
  return [ev.clientX - r.left, ev.clientY - r.top];
}

/** HoverOptions say what is under the pointer and what to show for it. */
export interface HoverOptions {
  canvas: HTMLCanvasElement;
  /** The widget's element, which the tooltip is positioned in. */
  element: HTMLElement;
  tooltip: HTMLElement;
  /** hitTest is the item at a point in CSS pixels of the canvas, or -1. */
  hitTest(px: number, py: number): number;
  /** setHover records the hovered item (-1 for none) and redraws; called only when it changes. */
  setHover(item: number): void;
  /** tooltipContent is what the tooltip shows for an item. */
  tooltipContent(item: number): Node[];
  /** The cursor away from any item. */
  idleCursor: string;
  /** paused says the pointer is doing something else (a drag) and hovering waits. */
  paused?(): boolean;
}

/** followPointer hovers the item under the pointer, with its tooltip beside the pointer, and clears both when it leaves. */
export function followPointer(o: HoverOptions): void {
  let hover = -1;
  const set = (item: number) => {
    if (item === hover) return;
    hover = item;
    o.setHover(item);
  };
  o.canvas.addEventListener('mousemove', (ev) => {
    if (o.paused?.()) return;
    const item = o.hitTest(...localPoint(o.canvas, ev));
    set(item);
    o.canvas.style.cursor = item >= 0 ? 'pointer' : o.idleCursor;
    if (item < 0) {
      o.tooltip.hidden = true;
      return;
    }
    o.tooltip.replaceChildren(...o.tooltipContent(item));
    o.tooltip.hidden = false;
    const r = o.element.getBoundingClientRect();
    o.tooltip.style.left = Math.min(ev.clientX - r.left + 14, r.width - o.tooltip.offsetWidth - 4) + 'px';
    o.tooltip.style.top = ev.clientY - r.top + 14 + 'px';
  });
  o.canvas.addEventListener('mouseleave', () => {
    o.tooltip.hidden = true;
    set(-1);
  });
}

/** redrawOnResize calls render when the canvas's container changes width from the last drawn `width()`; disconnect the observer it returns on destroy. */
export function redrawOnResize(element: HTMLElement, canvas: HTMLCanvasElement, width: () => number, render: () => void): ResizeObserver {
  const observer = new ResizeObserver(() => {
    if ((canvas.parentElement?.clientWidth ?? 0) !== width()) render();
  });
  observer.observe(element);
  return observer;
}
