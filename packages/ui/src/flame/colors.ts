// Stable colors: a frame's color depends only on its package (Go import
// path, or the file for frames without one), hashed into a warm palette, so
// the same code has the same color across views, filters and profiles. In
// diff mode the color says how a frame changed: red grew, green shrank.

/** packageOf is the part of a frame name that groups it: Go's import path, else the file. */
export function packageOf(name: string, file: string): string {
  // "github.com/x/y.(*T).M" -> "github.com/x/y"; "main.fib" -> "main".
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  if (dot > 0 && !name.startsWith('(') && !/\s/.test(name.slice(0, dot))) return name.slice(0, dot);
  if (file !== '') {
    const s = file.lastIndexOf('/');
    return s >= 0 ? file.slice(0, s) : file;
  }
  return name;
}

/** nameHash is a string's FNV-1a hash: stable colors per name across pages and runs. */
export function nameHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** frameColor is the fill of a frame of the given package. */
export function frameColor(pkg: string): string {
  const v = nameHash(pkg);
  const hue = 8 + (v % 44);
  const light = 58 + ((v >>> 8) % 14);
  const sat = 70 + ((v >>> 16) % 20);
  return `hsl(${hue} ${sat}% ${light}%)`;
}

/** diffColor colors a frame by its change over its width (new + base): red grew, green shrank, grey held. */
export function diffColor(delta: number, cum: number): string {
  if (cum === 0) return 'hsl(30 10% 86%)';
  const r = Math.max(-1, Math.min(1, delta / cum));
  if (Math.abs(r) < 0.01) return 'hsl(30 10% 86%)';
  const light = Math.round(90 - 34 * Math.sqrt(Math.abs(r)));
  return r > 0 ? `hsl(4 78% ${light}%)` : `hsl(140 55% ${light}%)`;
}

/** HIGHLIGHT is the fill of search matches. */
export const HIGHLIGHT = '#d946ef';
/** DIMMED is the fill of non-matching frames while a search is active. */
export const DIMMED = '#e6e1dc';
