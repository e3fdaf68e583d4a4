// What a view gets from the page: the query it
// is drawn for, the place to draw, and the page chrome it shares (header
// legend, search box, the selection that the Refine menu acts on).

import type { ViewHeader } from '@fluoro/cli/contract';

/** ViewContext is passed to each view when it is drawn. */
export interface ViewContext {
  /** The app's base path, "/ui/". */
  base: string;
  q: URLSearchParams;
  root: HTMLElement;
  /** setHeader shows a view response's legend and warnings. */
  setHeader(h: ViewHeader): void;
  /** setSelection names what Refine acts on when the search box is empty. */
  setSelection(names: string[]): void;
  /** The search box's text (a regexp). */
  searchText(): string;
  /** onSearch registers the view's reaction to typing in the search box. */
  onSearch(fn: (text: string) => void): void;
  /** mark records a performance mark named for the view. */
  mark(name: string): void;
}

/** ViewFn draws a view; its returned cleanup runs before the next one. */
export type ViewFn = (ctx: ViewContext) => Promise<(() => void) | void>;
