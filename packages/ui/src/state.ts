// The view state lives in the URL, as in pprof's UI: the path names the
// view (/ui/top, /ui/flamegraph, ...) and the query holds pprof's settings
// (f, i, h, s, sf, si, ...) plus the UI's own (search, zoom, icicle). Every
// change is a history entry, so links and the back button reproduce a view.

/** View is one page of the UI. */
export type View = 'graph' | 'top' | 'flamegraph' | 'peek' | 'source' | 'sandwich' | 'tags';

/** VIEWS maps each view to its path under /ui/ and its tab title. */
export const VIEWS: { view: View; path: string; title: string }[] = [
  { view: 'graph', path: '', title: 'Graph' },
  { view: 'top', path: 'top', title: 'Top' },
  { view: 'flamegraph', path: 'flamegraph', title: 'Flame Graph' },
  { view: 'sandwich', path: 'sandwich', title: 'Sandwich' },
  { view: 'peek', path: 'peek', title: 'Peek' },
  { view: 'source', path: 'source', title: 'Source' },
  { view: 'tags', path: 'tags', title: 'Tags' },
];

/** SETTINGS are the query parameters that change what the server computes (pprof's names). */
export const SETTINGS = ['f', 'i', 'h', 's', 'sf', 'tf', 'ti', 'ts', 'th', 'si', 'mean', 'unit', 'n', 'nf', 'ef', 'g', 'noinlines', 'sort', 'rel', 'trim', 'norm', 'calltree', 'dropneg', 'prunefrom'];

/** uiBase is the path prefix of the app ("/ui/"). */
export function uiBase(): string {
  const p = location.pathname;
  const i = p.lastIndexOf('/ui/');
  return i >= 0 ? p.slice(0, i + 4) : '/ui/';
}

/** currentView reads the view from the path. */
export function currentView(): View {
  const rest = location.pathname.slice(uiBase().length).replace(/\/$/, '');
  return VIEWS.find((v) => v.path === rest)?.view ?? 'graph';
}

/** params is a copy of the current query. */
export function params(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** settingsOnly keeps the server-side settings of a query. */
export function settingsOnly(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of SETTINGS) {
    const v = q.get(k);
    if (v !== null && v !== '') out.set(k, v);
  }
  return out;
}

/** href is the URL of a view with a query. */
export function href(view: View, q: URLSearchParams): string {
  const path = VIEWS.find((v) => v.view === view)!.path;
  const s = q.toString();
  return uiBase() + path + (s ? '?' + s : '');
}

let onChange: () => void = () => {};

/** setRouter registers what to run when the URL changes. */
export function setRouter(fn: () => void): void {
  onChange = fn;
  window.addEventListener('popstate', () => onChange());
}

/** navigate goes to a view and query; replace edits the current history entry instead. */
export function navigate(view: View, q: URLSearchParams, replace = false): void {
  const url = href(view, q);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  onChange();
}

/** updateQuery changes UI-only query parameters in place without a reload of the view. */
export function updateQuery(edit: (q: URLSearchParams) => void): void {
  const q = params();
  edit(q);
  const s = q.toString();
  history.replaceState(null, '', location.pathname + (s ? '?' + s : ''));
}

/** escapeRegExp makes a literal string into a regexp matching exactly it. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
