// -flamegraph: one HTML file with the flame graph's data and the UI's
// flame graph script inlined, to open offline or attach to a ticket.
// Nothing from the profile is written as markup: the data is JSON inside a
// non-executed script element, with "<" escaped so that no function name can
// close the element, and the script draws it with textContent and canvas.

import type { Asset } from './assets.js';
import type { FlameView } from './contract.js';

/** jsonForScript serializes v so that it is inert inside a <script> element. */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** flameGraphHTML is the self-contained flame graph page. */
export function flameGraphHTML(view: FlameView, title: string, assets: Map<string, Asset>): string {
  const js = assets.get('standalone.js');
  const css = assets.get('app.css');
  if (!js || !css) throw new Error('web UI assets lack standalone.js or app.css');
  // A script's text cannot contain "</script"; the bundle never does, but make sure.
  const code = js.body.toString('utf8').replace(/<\/(script)/gi, '<\\/$1');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(title)}</title>`,
    `<style>${css.body.toString('utf8')}</style>`,
    '</head>',
    '<body>',
    `<script type="application/json" id="fluoro-data">${jsonForScript({ title, view })}</script>`,
    `<script>${code}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
