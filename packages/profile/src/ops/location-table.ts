// Go's Merge finds equal locations by a key of the address (relative to its
// mapping's start), the mapping, the folded flag and the lines (function id
// and line number). A key string per location cost merge more than the rest
// of its bookkeeping on a big profile, most of it in printing 64-bit
// addresses, so merged locations are found here by a hash of the same parts
// in an open-addressing table and compared exactly when the hash matches.

import { finishHash, HASH_SEED, hashSlots, mixAddress, mixHash } from '../hash-table.js';
import type { Location } from '../model.js';

// hashLocation hashes the parts of Go's location key.
function hashLocation(l: Location, rel: bigint): number {
  let h = mixAddress(HASH_SEED, rel);
  h = mixHash(h, l.mapping?.id ?? 0);
  h = mixHash(h, l.isFolded ? 1 : 0);
  for (const ln of l.line) h = mixHash(mixHash(h, ln.function.id), ln.line);
  return finishHash(h);
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
    this.slots = hashSlots(capacity);
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
