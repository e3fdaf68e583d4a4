// A hash map from pairs of small non-negative integers to integers, without
// allocating per entry: the graph walks use it for edges and tags, once per
// frame of every sample.

/**
 * PairTable maps a pair of non-negative ints (such as two node numbers) to
 * an int: open addressing over one typed array. An entry's pair and value
 * sit side by side (four ints, the last unused), so that a probe reads one
 * cache line rather than one in each of three arrays: on a big profile the
 * table outgrows the processor's caches and edge lookups were a third of a
 * graph walk.
 */
export class PairTable {
  private slots = new Int32Array(4 * 1024).fill(-1);
  private size = 0;

  // slot returns the index of the pair's entry, or of the empty entry where it would go.
  private slot(a: number, b: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
    while (slots[4 * h] !== -1 && (slots[4 * h] !== a || slots[4 * h + 1] !== b)) h = (h + 1) & mask;
    return 4 * h;
  }

  get(a: number, b: number): number {
    const i = this.slot(a, b);
    return this.slots[i] === -1 ? -1 : this.slots[i + 2];
  }

  set(a: number, b: number, v: number): void {
    if ((this.size + 1) * 2 > this.slots.length >> 2) this.grow();
    const i = this.slot(a, b);
    if (this.slots[i] === -1) this.size++;
    this.slots[i] = a;
    this.slots[i + 1] = b;
    this.slots[i + 2] = v;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length).fill(-1);
    this.size = 0;
    for (let i = 0; i < old.length; i += 4) if (old[i] !== -1) this.set(old[i], old[i + 1], old[i + 2]);
  }
}
