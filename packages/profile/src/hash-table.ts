// What the open-addressing tables keyed by numbers share (merge's location
// table, the analyzer's line table): a 32-bit FNV-1a style hash fed one
// number at a time, 64-bit addresses as two halves, and a slot array with
// room to spare. Building a key string per entry instead, with its 64-bit
// address printed, cost more than the rest of the work on a big profile.

const FNV_PRIME = 0x01000193;
const TWO_POW_32 = 4294967296;

/** HASH_SEED is the value a hash starts from (FNV-1a's offset basis). */
export const HASH_SEED = 0x811c9dc5;

/** mixHash folds a 32-bit number into a hash. */
export function mixHash(h: number, v: number): number {
  return Math.imul(h ^ v, FNV_PRIME);
}

/**
 * mixAddress folds a 64-bit address into a hash, low half then high half.
 * Number(address) rounds addresses above 2^53, which only makes such
 * addresses share a hash: tables compare entries exactly.
 */
export function mixAddress(h: number, address: bigint): number {
  const a = Number(address);
  return mixHash(mixHash(h, a >>> 0), (a / TWO_POW_32) >>> 0);
}

/** finishHash spreads a hash's high bits into the low ones that pick a slot. */
export function finishHash(h: number): number {
  return h ^ (h >>> 15);
}

/** hashSlots is an empty slot array (-1 everywhere) for at most `capacity` entries: a power of two, at least twice that. */
export function hashSlots(capacity: number): Int32Array {
  let size = 1024;
  while (size < 2 * capacity) size *= 2;
  return new Int32Array(size).fill(-1);
}
