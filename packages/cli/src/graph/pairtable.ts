// A hash map from pairs of small non-negative integers to integers, without
// allocating per entry: the graph walks use it for edges and tags, once per
// frame of every sample.

/** PairTable maps a pair of non-negative ints (such as two node numbers) to an int: open addressing in typed arrays. */
export class PairTable {
  private src = new Int32Array(1024).fill(-1);
  private dst = new Int32Array(1024);
  private val = new Int32Array(1024);
  private size = 0;

  private slot(a: number, b: number): number {
    const mask = this.src.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
    while (this.src[h] !== -1 && (this.src[h] !== a || this.dst[h] !== b)) h = (h + 1) & mask;
    return h;
  }

  get(a: number, b: number): number {
    const h = this.slot(a, b);
    return this.src[h] === -1 ? -1 : this.val[h];
  }

  set(a: number, b: number, v: number): void {
    if ((this.size + 1) * 2 > this.src.length) this.grow();
    const h = this.slot(a, b);
    this.src[h] = a;
    this.dst[h] = b;
    this.val[h] = v;
    this.size++;
  }

  private grow(): void {
    const { src, dst, val } = this;
    this.src = new Int32Array(src.length * 2).fill(-1);
    this.dst = new Int32Array(src.length * 2);
    this.val = new Int32Array(src.length * 2);
    this.size = 0;
    for (let i = 0; i < src.length; i++) if (src[i] !== -1) this.set(src[i], dst[i], val[i]);
  }
}

