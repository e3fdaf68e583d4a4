// The Tags view: the profile's labels (thread, request route, bytes...) with
// the weight behind each value, as `fluoro pprof -tags` prints them.

import type { Config } from '../driver/options.js';
import { formatTags } from '../report/tags.js';
import type { TagsView } from './contract.js';
import { prepare, type Session } from './session.js';
import { header } from './views.js';

/** tagsView lists the profile's labels and their weights, as -tags prints them. */
export function tagsView(s: Session, q: URLSearchParams): TagsView {
  const pr = prepare(s, q, (cfg: Config) => {
    cfg.report = 'tags';
  });
  return { ...header(pr), text: formatTags(pr.rpt) };
}
