// Keyboard moves in the flame graph: arrows walk to the parent, the
// heaviest child or a sibling; up and down follow the picture, so they swap
// meaning between icicle (root at the top) and flame (root at the bottom).

import { children, type FlameModel } from './model.js';

/** keyTarget is the node an arrow key moves the selection to from cur, or -1 for other keys. */
export function keyTarget(m: FlameModel, cur: number, key: string, icicle: boolean): number {
  const up = (n: number) => (m.parent[n] >= 0 ? m.parent[n] : n);
  const down = (n: number) => {
    const kids = children(m, n);
    return kids.length === 0 ? n : kids.reduce((a, b) => (m.data.cum[b] > m.data.cum[a] ? b : a));
  };
  const sibling = (n: number, d: number) => {
    const p = m.parent[n];
    if (p < 0) return n;
    const kids = children(m, p);
    const k = kids.indexOf(n) + d;
    return k >= 0 && k < kids.length ? kids[k] : n;
  };
  switch (key) {
    case 'ArrowUp':
      return icicle ? up(cur) : down(cur);
    case 'ArrowDown':
      return icicle ? down(cur) : up(cur);
    case 'ArrowLeft':
      return sibling(cur, -1);
    case 'ArrowRight':
      return sibling(cur, 1);
    default:
      return -1;
  }
}
