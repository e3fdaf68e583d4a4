// The view state lives in the URL, as in pprof's UI: the path names the
// page (/ui/top, /ui/flamegraph, ...; the contract's PAGE_NAMES) and the
// query holds pprof's settings (the contract's URL_SETTINGS: f, i, h, s, sf,
// si, ...) plus the UI's own (search, zoom, icicle, topsort). Every change
// is a history entry, so links and the back button reproduce a view.

import { PAGE_NAMES, pagePath, URL_SETTINGS, type PageName } from '@fluoro/cli/contract';

/** TITLES are the pages' tab titles. */
export const TITLES: Record<PageName, string> = {
  graph: 'Graph',
  top: 'Top',
  flamegraph: 'Flame Graph',
  sandwich: 'Sandwich',
  peek: 'Peek',
  source: 'Source',
  tags: 'Tags',
};

/** uiBase is the path prefix of the app ("/ui/"). */
export function uiBase(): string {
  const p = location.pathname;
  const i = p.lastIndexOf('/ui/');
  return i >= 0 ? p.slice(0, i + 4) : '/ui/';
}

/** currentView reads the page from the path. */
export function currentView(): PageName {
  const rest = location.pathname.slice(uiBase().length).replace(/\/$/, '');
  return PAGE_NAMES.find((p) => pagePath(p) === rest) ?? 'graph';
}

/** params is a copy of the current query. */
export function params(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** settingsOnly keeps the server-side settings of a query. */
export function settingsOnly(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const { name } of URL_SETTINGS) {
    const v = q.get(name);
    if (v !== null && v !== '') out.set(name, v);
  }
  return out;
}

/** href is the URL of a page with a query. */
export function href(page: PageName, q: URLSearchParams): string {
  const s = q.toString();
  return uiBase() + pagePath(page) + (s ? '?' + s : '');
}

let onChange: () => void = () => {};

/** setRouter registers what to run when the URL changes. */
export function setRouter(fn: () => void): void {
  onChange = fn;
  window.addEventListener('popstate', () => onChange());
}

/** navigate goes to a page and query; replace edits the current history entry instead. */
export function navigate(view: PageName, q: URLSearchParams, replace = false): void {
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
