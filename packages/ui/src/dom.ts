// h builds DOM elements. Text goes in through text nodes only, never as
// markup: every string from a profile (function names, file names, labels,
// source lines) is therefore shown as text, whatever characters it holds.

/** Child is what h accepts as content. */
export type Child = Node | string | number | null | undefined | false;

/** Attrs are properties and attributes; on* values are event listeners. */
export type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

/** h creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
}

/** append adds children to el, strings as text. */
export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

/** clear removes every child of el. */
export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
