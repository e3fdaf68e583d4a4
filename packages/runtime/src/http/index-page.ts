// /debug/pprof/: Go's index page, one row per profile sorted by name.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { byName } from '../registry.js';
import type { EndpointContext } from './context.js';

// Go's descriptions, reworded where the Node meaning differs.
const DESCRIPTIONS: Record<string, string> = {
  allocs:
    'A sampling of past memory allocations (V8 sampling heap profiler; allocations that died before fluoro read the sampler are counted without their stacks).',
  block:
    'Stack traces of async work that waited, after it was ready, for the event loop to run it (setBlockProfileRate turns it on)',
  cmdline: 'The command line invocation of the current program',
  goroutine: 'Stack traces that created the live async operations (promises, timers, sockets, requests)',
  mutex: 'Stack traces of callbacks that held the event loop while other work was ready (setMutexProfileFraction turns it on)',
  threadcreate: 'Stack traces that created worker threads',
  heap: 'A sampling of memory allocations of live objects. You can specify the gc GET parameter to run GC before taking the heap sample.',
  trace:
    'A trace of execution of the main thread (Chrome trace events: Perfetto, chrome://tracing, fluoro trace). You can specify the duration in the seconds GET parameter.',
  profile:
    'CPU profile. You can specify the duration in the seconds GET parameter. After you get the profile file, use the go tool pprof command to investigate the profile.',
};

/** escapeHtml makes a profile-supplied string safe inside HTML text and attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** serveIndex lists the profiles like Go's pprof.Index. */
export async function serveIndex(_req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  const rows = (await ctx.runtime.profiles())
    .map((p) => ({ name: p.name, count: p.count() }))
    .concat(['cmdline', 'profile', 'trace'].map((name) => ({ name, count: 0 })))
    .sort(byName);
  res.end(indexHtml(rows));
}

function indexHtml(rows: { name: string; count: number }[]): string {
  const table = rows
    .map((r) => `<tr><td>${r.count}</td><td><a href='${escapeHtml(r.name)}?debug=1'>${escapeHtml(r.name)}</a></td></tr>\n`)
    .join('');
  const descriptions = rows
    .map((r) => `<li><div class=profile-name>${escapeHtml(r.name)}: </div> ${escapeHtml(DESCRIPTIONS[r.name] ?? '')}</li>\n`)
    .join('');
  return `<html>
<head>
<title>/debug/pprof/</title>
<style>
.profile-name{
	display:inline-block;
	width:6rem;
}
</style>
</head>
<body>
/debug/pprof/<br>
<br>
Types of profiles available:
<table>
<thead><td>Count</td><td>Profile</td></thead>
${table}</table>
<a href="goroutine?debug=2">full goroutine stack dump</a>
<br>
<p>
Profile Descriptions:
<ul>
${descriptions}</ul>
</p>
</body>
</html>`;
}
