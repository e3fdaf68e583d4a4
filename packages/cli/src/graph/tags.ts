// Tags are the sample labels a graph node carries, as pprof's graph.Tag: one
// per distinct set of string labels (joined "k:v" pairs), and numeric ones
// per label set. The dot report draws them as nodelets hanging off a node.

import type { WSample } from '../profileops/model.js';

/** Tag is a label value with the sample weight behind it on one node. */
export interface Tag {
  name: string;
  /** "" for string labels. */
  unit: string;
  value: number;
  flat: number;
  flatDiv: number;
  cum: number;
  cumDiv: number;
}

/** TagMap holds tags by name. */
export type TagMap = Map<string, Tag>;

/** NodeTags are a node's string tags and, per string tag name ("" for none), numeric tags. */
export interface NodeTags {
  label: TagMap;
  numeric: Map<string, TagMap>;
}

/** TagOptions says how a graph build collects tags. */
export interface TagOptions {
  /** The unit of the "bytes" numeric label, the only numeric label pprof keeps on graphs. */
  bytesUnit: string;
  /** Formats a numeric tag value into its name. */
  format: (v: number, unit: string) => string;
}

/** tagFlatValue is a tag's flat value, divided for -mean. */
export function tagFlatValue(t: Tag): number {
  return t.flatDiv === 0 ? t.flat : Math.trunc(t.flat / t.flatDiv);
}

/** tagCumValue is a tag's cumulative value, divided for -mean. */
export function tagCumValue(t: Tag): number {
  return t.cumDiv === 0 ? t.cum : Math.trunc(t.cum / t.cumDiv);
}

/**
 * joinLabels is the name of a sample's string tag: its "key:value" pairs
 * sorted and joined with a literal backslash-n, which dot reads as a line
 * break. pprof drops its own diff marker label before building graphs.
 */
export function joinLabels(label: ReadonlyMap<string, string[]>): string {
  if (label.size === 0) return '';
  const out: string[] = [];
  for (const [k, vs] of label) {
    if (k === 'pprof::base') continue;
    for (const v of vs) out.push(k + ':' + v);
  }
  return out.sort().join('\\n');
}

function findOrAdd(m: TagMap, name: string, unit: string, value: number): Tag {
  let t = m.get(name);
  if (!t) {
    t = { name, unit, value, flat: 0, flatDiv: 0, cum: 0, cumDiv: 0 };
    m.set(name, t);
  }
  return t;
}

function add(t: Tag, w: number, dw: number, flat: boolean): void {
  if (flat) {
    t.flat += w;
    t.flatDiv += dw;
  } else {
    t.cum += w;
    t.cumDiv += dw;
  }
}

/**
 * TagCollector adds samples' tags to nodes. Label names are cached per label
 * map, since samples of one profile share few distinct label sets.
 */
export class TagCollector {
  private names = new Map<ReadonlyMap<string, string[]>, string>();
  private formatted = new Map<number, string>();

  constructor(private o: TagOptions) {}

  /** labels returns the string tag name of a sample. */
  labels(s: WSample): string {
    let n = this.names.get(s.label);
    if (n === undefined) {
      n = joinLabels(s.label);
      this.names.set(s.label, n);
    }
    return n;
  }

  /** add records one sample's weight on a node's tags (pprof's Node.addSample). */
  add(nt: NodeTags, labels: string, s: WSample, w: number, dw: number, flat: boolean): void {
    if (labels !== '') add(findOrAdd(nt.label, labels, '', 0), w, dw, flat);
    let numeric = nt.numeric.get(labels);
    if (!numeric) nt.numeric.set(labels, (numeric = new Map()));
    const bytes = s.numLabel.get('bytes');
    if (!bytes) return;
    const unit = this.o.bytesUnit;
    for (const v of bytes) {
      let name = this.formatted.get(v);
      if (name === undefined) {
        name = this.o.format(v, unit);
        this.formatted.set(v, name);
      }
      add(findOrAdd(numeric, name, unit, v), w, dw, flat);
    }
  }
}

/** newNodeTags makes an empty tag set. */
export function newNodeTags(): NodeTags {
  return { label: new Map(), numeric: new Map() };
}

function trimMap(m: TagMap, min: number): TagMap {
  const kept: TagMap = new Map();
  for (const [k, t] of m) if (Math.abs(t.flat) >= min || Math.abs(t.cum) >= min) kept.set(k, t);
  return kept;
}

/** trimLowFrequencyTags drops tags lighter than min in both flat and cum. */
export function trimLowFrequencyTags(nt: NodeTags, min: number): void {
  nt.label = trimMap(nt.label, min);
  for (const [k, m] of nt.numeric) nt.numeric.set(k, trimMap(m, min));
}

/** sortTags orders tags by weight (cum first unless flat), then name. */
export function sortTags(ts: Tag[], flat: boolean): Tag[] {
  return ts.sort((a, b) => {
    if (!flat && a.cum !== b.cum) return Math.abs(b.cum) - Math.abs(a.cum);
    if (a.flat !== b.flat) return Math.abs(b.flat) - Math.abs(a.flat);
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}
