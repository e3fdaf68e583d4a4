// The edges a graph walk adds up, found by caller and callee. On a big
// profile there are hundreds of thousands of them, well past the
// processor's caches, and every frame of every sample updates one: so each
// edge's record (weight, last sample, flags) sits in its hash slot, and an
// update costs one cache miss instead of one for the lookup and another
// for the record.

/** EDGE_INLINE flags an edge all of whose calls were inlined. */
export const EDGE_INLINE = 1;
/** EDGE_RESIDUAL flags an edge that goes over dropped nodes in some sample. */
export const EDGE_RESIDUAL = 2;

/** EdgeList is a walk's edges in the order it met them: edge e goes from src[e] to dest[e]. */
export interface EdgeList {
  count: number;
  src: Int32Array;
  dest: Int32Array;
  weight: Float64Array;
  weightDiv: Float64Array;
  /** EDGE_INLINE and EDGE_RESIDUAL. */
  flags: Uint8Array;
}

/**
 * EdgeTable adds samples to caller->callee edges. Slot s is
 * slots[4s .. 4s + 3]: the edge's key plus one (0 when the slot is empty),
 * its weight, the last sample added, and its number times four plus its
 * flags. -mean divisors, rarely there, are kept apart by edge number.
 */
export class EdgeTable {
  private slots = new Float64Array(4 * 4096);
  private count = 0;
  private src = new Int32Array(1024);
  private dest = new Int32Array(1024);
  private weightDiv = new Float64Array(1024);

  /** constructor takes how many nodes there are: keys are src * nodes + dest. */
  constructor(private readonly nodes: number) {}

  /**
   * add adds sample number stamp, of weight w and divisor dw, to the edge
   * src->dest once: a sample that calls it again (recursion) adds nothing.
   * inline and residual (0 or 1) are this call's.
   */
  add(src: number, dest: number, stamp: number, w: number, dw: number, inline: number, residual: number): void {
    const slots = this.slots;
    const key = src * this.nodes + dest + 1;
    const mask = (slots.length >> 2) - 1;
    let s = hash(src, dest) & mask;
    for (;;) {
      const k = slots[4 * s];
      if (k === key) break;
      if (k === 0) {
        this.insert(s, key, src, dest, stamp, w, dw, inline | (residual << 1));
        return;
      }
      s = (s + 1) & mask;
    }
    const at = 4 * s;
    if (slots[at + 2] === stamp) return;
    slots[at + 2] = stamp;
    slots[at + 1] += w;
    const idFlags = slots[at + 3];
    if (dw !== 0) this.weightDiv[idFlags >>> 2] += dw;
    // An edge stays inline while all its calls are; it is residual once one is.
    const was = idFlags & 3;
    const flags = (was & (inline | EDGE_RESIDUAL)) | (residual << 1);
    if (flags !== was) slots[at + 3] = idFlags - was + flags;
  }

  private insert(s: number, key: number, src: number, dest: number, stamp: number, w: number, dw: number, flags: number): void {
    const e = this.count++;
    if (e === this.src.length) {
      this.src = grown(this.src, new Int32Array(2 * e));
      this.dest = grown(this.dest, new Int32Array(2 * e));
      this.weightDiv = grown(this.weightDiv, new Float64Array(2 * e));
    }
    this.src[e] = src;
    this.dest[e] = dest;
    this.weightDiv[e] = dw;
    const at = 4 * s;
    this.slots[at] = key;
    this.slots[at + 1] = w;
    this.slots[at + 2] = stamp;
    this.slots[at + 3] = 4 * e + flags;
    // At most three quarters full: probes stay short, and a smaller table
    // misses the caches less.
    if (4 * this.count > 3 * (this.slots.length >> 2)) this.grow();
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Float64Array(2 * old.length);
    const mask = (slots.length >> 2) - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0) continue;
      const e = old[at + 3] >>> 2;
      let s = hash(this.src[e], this.dest[e]) & mask;
      while (slots[4 * s] !== 0) s = (s + 1) & mask;
      const to = 4 * s;
      slots[to] = old[at];
      slots[to + 1] = old[at + 1];
      slots[to + 2] = old[at + 2];
      slots[to + 3] = old[at + 3];
    }
    this.slots = slots;
  }

  /** edges lists the edges in the order they were first added. */
  edges(): EdgeList {
    const n = this.count;
    const weight = new Float64Array(n);
    const flags = new Uint8Array(n);
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += 4) {
      if (slots[at] === 0) continue;
      const e = slots[at + 3] >>> 2;
      weight[e] = slots[at + 1];
      flags[e] = slots[at + 3] & 3;
    }
    return { count: n, src: this.src.subarray(0, n), dest: this.dest.subarray(0, n), weight, weightDiv: this.weightDiv.subarray(0, n), flags };
  }
}

function hash(a: number, b: number): number {
  return Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
}

// grown copies a typed array into a bigger one.
function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
