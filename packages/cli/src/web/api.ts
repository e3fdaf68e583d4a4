// API is the table of JSON views: name, the query parameters that change
// its result beyond the shared settings, and the function computing it.

import { flameView, metaView, topView } from './views.js';
import { peekView, sandwichView, sourceView, tagsView } from './views-calls.js';
import { graphView } from './views-graph.js';
import type { Session } from './session.js';

/** ApiView is one JSON endpoint under /ui/api/. */
export interface ApiView {
  name: string;
  params: string[];
  /** compute may return a promise (the graph view waits for graphviz). */
  compute: (s: Session, q: URLSearchParams) => unknown;
}

/** API lists the views by name. */
export const API: ReadonlyMap<string, ApiView> = new Map(
  [
    { name: 'meta', params: [], compute: (s: Session) => metaView(s) },
    { name: 'flamegraph', params: [], compute: flameView },
    { name: 'top', params: [], compute: topView },
    { name: 'graph', params: [], compute: graphView },
    { name: 'sandwich', params: [], compute: sandwichView },
    { name: 'peek', params: [], compute: peekView },
    { name: 'source', params: [], compute: sourceView },
    { name: 'tags', params: [], compute: tagsView },
  ].map((v) => [v.name, v]),
);
