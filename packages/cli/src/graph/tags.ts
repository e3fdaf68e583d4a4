// Tags are the sample labels a graph node carries, as pprof's graph.Tag: one
// per distinct set of string labels (joined "k:v" pairs), and numeric ones
// per label set. The dot report draws them as nodelets hanging off a node.

import type { SampleLabels } from '@fluoro/profile';
import { PairTable } from './pairtable.js';

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

/**
 * TagCollector adds samples' tags to nodes (pprof's Node.addSample) during a
 * graph walk. It runs for every frame of every sample, so label sets and
 * numeric tags are numbered once and weights go to typed slots found through
 * PairTables keyed by (node, tag number); tag objects are made at the end.
 */
export class TagCollector {
  private labelOf = new Map<ReadonlyMap<string, string[]>, number>();
  private labelIds = new Map<string, number>();
  private labelNames: string[] = [''];
  /** Numeric tag numbers by label set number, then value. */
  private numIds: Map<number, number>[] = [];
  private numLabel: number[] = [];
  private numValue: number[] = [];
  /** Printed values, made when a tag needs one: most numeric tags of a big profile are trimmed unprinted. */
  private numName: (string | undefined)[] = [];
  private curLabel = 0;
  private curNums: number[] = [];
  private label = new Slots();
  private numeric = new Slots();

  constructor(private o: TagOptions) {}

  /** startSample makes the sample with labels s the one whose tags add() records. */
  startSample(s: SampleLabels): void {
    let id = this.labelOf.get(s.label);
    if (id === undefined) {
      const name = joinLabels(s.label);
      id = this.labelIds.get(name);
      if (id === undefined) {
        id = name === '' ? 0 : this.labelNames.length;
        if (id !== 0) this.labelNames.push(name);
        this.labelIds.set(name, id);
      }
      this.labelOf.set(s.label, id);
    }
    this.curLabel = id;
    this.curNums.length = 0;
    const bytes = s.numLabel.get('bytes');
    if (!bytes) return;
    const ids = (this.numIds[id] ??= new Map());
    for (const v of bytes) {
      let n = ids.get(v);
      if (n === undefined) {
        n = this.numValue.length;
        ids.set(v, n);
        this.numLabel.push(id);
        this.numValue.push(v);
        this.numName.push(undefined);
      }
      this.curNums.push(n);
    }
  }

  /** add records the current sample's weight on node n's tags, as flat or cum weight. */
  add(n: number, w: number, dw: number, flat: boolean): void {
    if (this.curLabel !== 0) this.label.add(n, this.curLabel, w, dw, flat);
    for (let i = 0; i < this.curNums.length; i++) this.numeric.add(n, this.curNums[i], w, dw, flat);
  }

  /**
   * nodeTags makes the tag sets of every node that has tags, by node number.
   * With min, it leaves out the tags trimLowFrequencyTags(min) would drop:
   * on a big profile most tags are single allocation sizes, and making
   * objects for them only to drop them costs a hundred megabytes.
   */
  nodeTags(min?: number): Map<number, NodeTags> {
    const out = new Map<number, NodeTags>();
    const of = (n: number): NodeTags => {
      let t = out.get(n);
      if (!t) out.set(n, (t = newNodeTags()));
      return t;
    };
    const { label, numeric } = this;
    for (let i = 0; i < label.size; i++) {
      if (min !== undefined && !label.reaches(i, min)) continue;
      const name = this.labelNames[label.tag[i]];
      of(label.node[i]).label.set(name, label.toTag(i, name, '', 0));
    }
    for (let i = 0; i < numeric.size; i++) {
      const id = numeric.tag[i];
      const key = this.labelNames[this.numLabel[id]];
      if (min !== undefined && !numeric.reaches(i, min)) {
        // Values that print alike share a tag, the last one standing; it
        // is that one that trimming would drop.
        out.get(numeric.node[i])?.numeric.get(key)?.delete(this.numericName(id));
        continue;
      }
      const t = of(numeric.node[i]);
      let m = t.numeric.get(key);
      if (!m) t.numeric.set(key, (m = new Map()));
      const name = this.numericName(id);
      m.set(name, numeric.toTag(i, name, this.o.bytesUnit, this.numValue[id]));
    }
    return out;
  }

  private numericName(id: number): string {
    return (this.numName[id] ??= this.o.format(this.numValue[id], this.o.bytesUnit));
  }
}

/**
 * Slots accumulate weights per (node, tag number) in typed arrays: a big
 * profile has millions of them (every distinct allocation size on every
 * frame above it). The divisor columns exist only once -mean gives one.
 */
class Slots {
  private index = new PairTable();
  size = 0;
  node = new Int32Array(1024);
  tag = new Int32Array(1024);
  private flat = new Float64Array(1024);
  private cum = new Float64Array(1024);
  private flatDiv?: Float64Array;
  private cumDiv?: Float64Array;

  private grow(): void {
    const n = this.node.length * 2;
    const copy = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.node = copy(this.node, (k) => new Int32Array(k));
    this.tag = copy(this.tag, (k) => new Int32Array(k));
    this.flat = copy(this.flat, (k) => new Float64Array(k));
    this.cum = copy(this.cum, (k) => new Float64Array(k));
    if (this.flatDiv) this.flatDiv = copy(this.flatDiv, (k) => new Float64Array(k));
    if (this.cumDiv) this.cumDiv = copy(this.cumDiv, (k) => new Float64Array(k));
  }

  add(n: number, tag: number, w: number, dw: number, flat: boolean): void {
    let i = this.index.get(n, tag);
    if (i < 0) {
      if (this.size === this.node.length) this.grow();
      i = this.size++;
      this.index.set(n, tag, i);
      this.node[i] = n;
      this.tag[i] = tag;
    }
    if (dw !== 0 && !this.flatDiv) {
      this.flatDiv = new Float64Array(this.node.length);
      this.cumDiv = new Float64Array(this.node.length);
    }
    if (flat) {
      this.flat[i] += w;
      if (this.flatDiv) this.flatDiv[i] += dw;
    } else {
      this.cum[i] += w;
      if (this.cumDiv) this.cumDiv[i] += dw;
    }
  }

  /** reaches tells whether slot i weighs at least min, flat or cum (what trimming keeps). */
  reaches(i: number, min: number): boolean {
    return Math.abs(this.flat[i]) >= min || Math.abs(this.cum[i]) >= min;
  }

  toTag(i: number, name: string, unit: string, value: number): Tag {
    return {
      name, unit, value,
      flat: this.flat[i], flatDiv: this.flatDiv?.[i] ?? 0,
      cum: this.cum[i], cumDiv: this.cumDiv?.[i] ?? 0,
    };
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
