// Go's Merge finds equal locations by a key of the address (relative to its
// mapping's start), the mapping, the folded flag and the lines (function id
// and line number). A key string per location cost merge more than the rest
// of its bookkeeping on a big profile, most of it in printing 64-bit
// addresses, so merged locations are found here by a hash of the same parts
// in an open-addressing table and compared exactly when the hash matches.

import type { Location } from '../model.js';

const TWO_POW_32 = 4294967296;

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193);
}

// hashLocation hashes the parts of Go's location key. Number(rel) rounds
// addresses above 2^53, which only makes such locations share a hash.
function hashLocation(l: Location, rel: bigint): number {
  const a = Number(rel);
  let h = mix(mix(0x811c9dc5, a >>> 0), (a / TWO_POW_32) >>> 0);
  h = mix(h, l.mapping?.id ?? 0);
  h = mix(h, l.isFolded ? 1 : 0);
  for (const ln of l.line) h = mix(mix(h, ln.function.id), ln.line);
  return h ^ (h >>> 15);
}

function sameLocation(a: Location, aRel: bigint, b: Location, bRel: bigint): boolean {
  if (aRel !== bRel || a.mapping !== b.mapping || a.isFolded !== b.isFolded || a.line.length !== b.line.length) return false;
  for (let i = 0; i < a.line.length; i++) {
    if (a.line[i].function !== b.line[i].function || a.line[i].line !== b.line[i].line) return false;
  }
  return true;
}

/**
 * LocationTable holds merged locations by Go's location key. Locations in
 * it must use merged mappings and functions (compared by identity, as the
 * key compares their ids). It holds at most the capacity it was made with.
 */
export class LocationTable {
  private readonly slots: Int32Array;
  private readonly hashes: number[] = [];
  private readonly locations: Location[] = [];
  private readonly rels: bigint[] = [];

  constructor(capacity: number) {
    let size = 1024;
    while (size < 2 * capacity) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
  }

  /** intern returns the location in the table equal to l, whose address relative to its mapping is rel, or adds l and returns it. */
  intern(l: Location, rel: bigint): Location {
    const h = hashLocation(l, rel);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (let i = this.slots[slot]; i >= 0; slot = (slot + 1) & mask, i = this.slots[slot]) {
      if (this.hashes[i] === h && sameLocation(this.locations[i], this.rels[i], l, rel)) return this.locations[i];
    }
    this.slots[slot] = this.locations.length;
    this.hashes.push(h);
    this.locations.push(l);
    this.rels.push(rel);
    return l;
  }
}
