// The timeline's colors: fixed ones for what the eye must find at once (GC,
// errors, requests, user tasks), and for everything else a stable color
// hashed from the slice's color key, so a kind has one color everywhere.

import { nameHash } from '../flame/colors.js';

const FIXED: Record<string, string> = {
  gc: '#f59e0b',
  error: '#dc2626',
  server: '#3b82f6',
  client: '#14b8a6',
  task: '#8b5cf6',
  region: '#c084fc',
  log: '#57534e',
};

// Request phases are drawn inside the request, darker where it waited.
const PHASES: Record<string, string> = {
  dns: '#0e7490',
  connect: '#0369a1',
  tls: '#1d4ed8',
  'connect+tls': '#1e40af',
  'first byte': '#1e3a8a',
  body: '#93c5fd',
  handler: '#60a5fa',
};

/** sliceColor is the fill of a slice with the given color key. */
export function sliceColor(key: string): string {
  const fixed = FIXED[key];
  if (fixed) return fixed;
  const v = nameHash(key);
  // Event loop slices in warm hues, the rest in cool ones.
  const hue = key.startsWith('loop:') ? 10 + (v % 40) : 150 + (v % 120);
  return `hsl(${hue} ${55 + ((v >>> 8) % 25)}% ${55 + ((v >>> 16) % 15)}%)`;
}

/** phaseColor is the fill of a request phase. */
export function phaseColor(name: string): string {
  return PHASES[name] ?? '#64748b';
}

/** DIMMED is the fill of slices a search does not match. */
export const DIMMED = '#e7e2dc';
