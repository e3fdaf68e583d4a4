// API implements the contract's views: for each name in VIEW_NAMES, the
// function computing its JSON. The table is typed by the contract, so a view
// missing here, or one answering another type than ViewJSON says, does not
// compile.

import type { ViewJSON, ViewName } from './contract.js';
import type { Session } from './session.js';
import { flameView, metaView, topView } from './views.js';
import { peekView, sandwichView, sourceView } from './views-calls.js';
import { graphView } from './views-graph.js';
import { tagsView } from './views-tags.js';

/** ComputeView computes one view's JSON for a request's query; the graph view waits for graphviz. */
export type ComputeView<N extends ViewName> = (s: Session, q: URLSearchParams) => ViewJSON[N] | Promise<ViewJSON[N]>;

/** API is the function behind every view of the contract, by name. */
export const API: { readonly [N in ViewName]: ComputeView<N> } = {
  meta: metaView,
  graph: graphView,
  top: topView,
  flamegraph: flameView,
  sandwich: sandwichView,
  peek: peekView,
  source: sourceView,
  tags: tagsView,
};
