// A protobuf wire-format reader over one Uint8Array with a numeric cursor.
// It is the decoder's hot path, so it allocates nothing per field: callers
// pass the end of the message they are in, read a key, switch on it, and
// call the one method that reads that field's value. Every read checks the
// end it was given, so hostile input ends in a ProfileError, never in a read
// past the buffer or a loop that does not advance.

import { Buffer } from 'node:buffer';
import { ProfileError } from './errors.js';
import { WireType } from './fields.js';

const TWO_POW_32 = 4294967296;
// The high 32-bit word of a uint64 below 2^53 is below 2^21.
const SAFE_HIGH_LIMIT = 0x200000;

/** Reader reads varints, lengths, strings and skips fields at a cursor `pos`. */
export class Reader {
  readonly buf: Uint8Array;
  pos: number;
  // The last slow-path varint's two 32-bit halves, so that the callers that
  // want a bigint or a signed value can build it without a second read.
  private lo: number;
  private hi: number;
  // The same memory as buf, as a Buffer for its string decoding.
  private readonly bytes: Buffer;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.pos = 0;
    this.lo = 0;
    this.hi = 0;
    this.bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** uint reads a varint as a non-negative number, refusing values above 2^53. */
  uint(end: number): number {
    const v = this.small(end);
    if (v >= 0) return v;
    this.varint64(end);
    const hi = this.hi >>> 0;
    if (hi === 0) return this.lo >>> 0;
    if (hi < SAFE_HIGH_LIMIT) return hi * TWO_POW_32 + (this.lo >>> 0);
    throw rangeError(this.pos, 'unsigned', BigInt(hi) * 4294967296n + BigInt(this.lo >>> 0));
  }

  /** int reads a varint as a two's complement int64, refusing values a number cannot hold exactly. */
  int(end: number): number {
    const v = this.small(end);
    if (v >= 0) return v;
    this.varint64(end);
    // Negative int64 values come as ten-byte varints; the signed high word
    // times 2^32 is exact, and so is adding the low word while the result
    // stays within 2^53.
    const value = (this.hi | 0) * TWO_POW_32 + (this.lo >>> 0);
    if (Number.isSafeInteger(value)) return value;
    throw rangeError(this.pos, 'signed', BigInt.asIntN(64, (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0)));
  }

  /** bigUint reads a varint as a uint64 bigint, exact over the whole 64-bit range. */
  bigUint(end: number): bigint {
    const v = this.small(end);
    if (v >= 0) return BigInt(v);
    this.varint64(end);
    const hi = this.hi >>> 0;
    const lo = this.lo >>> 0;
    if (hi < SAFE_HIGH_LIMIT) return BigInt(hi * TWO_POW_32 + lo);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** bigInt reads a varint as a two's complement int64 bigint, exact over the whole range. */
  bigInt(end: number): bigint {
    const v = this.small(end);
    if (v >= 0) return BigInt(v);
    this.varint64(end);
    return BigInt.asIntN(64, (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0));
  }

  /** bool reads a varint as a boolean: any non-zero value is true, as in Go. */
  bool(end: number): boolean {
    const v = this.small(end);
    if (v >= 0) return v !== 0;
    this.varint64(end);
    return (this.lo | this.hi) !== 0;
  }

  /** key reads a field key (field number << 3 | wire type). */
  key(end: number): number {
    const v = this.small(end);
    if (v >= 0) return v;
    this.varint64(end);
    const hi = this.hi >>> 0;
    // A key above 2^53 names no field we know; keep its wire type exact and
    // make the field number too large to match anything.
    if (hi < SAFE_HIGH_LIMIT) return hi * TWO_POW_32 + (this.lo >>> 0);
    return Number.MAX_SAFE_INTEGER - 7 + (this.lo & 7);
  }

  /** length reads the length of a length-delimited field and checks it fits before end. */
  length(end: number): number {
    const start = this.pos;
    const n = this.uintOrHuge(end);
    if (n > end - this.pos) {
      // Name the length exactly even when it is too big for a number.
      const exact = n < 0x10000000 ? BigInt(n) : (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0);
      throw new ProfileError(
        'ERR_PROFILE_TRUNCATED',
        `too much data: length ${exact} at byte ${start} exceeds the ${end - this.pos} bytes left`,
      );
    }
    return n;
  }

  /** string reads a length-delimited UTF-8 string. */
  string(end: number): string {
    const n = this.length(end);
    const start = this.pos;
    this.pos = start + n;
    return this.decodeText(start, start + n);
  }

  /** decodeText turns UTF-8 bytes [start, end) into a string. */
  decodeText(start: number, end: number): string {
    // Buffer#toString measured fastest for profile-sized strings (names and
    // paths of 20-100 bytes): about twice TextDecoder and five times
    // String.fromCharCode.apply over a subarray. Invalid UTF-8 becomes
    // U+FFFD, as with TextDecoder.
    return this.bytes.toString('utf8', start, end);
  }

  /** skip passes over one field of the given wire type, for fields the codec does not know. */
  skip(wireType: number, end: number): void {
    switch (wireType) {
      case WireType.varint:
        this.varint64(end);
        return;
      case WireType.fixed64:
        this.fixed(8, end);
        return;
      case WireType.bytes: {
        const n = this.length(end);
        this.pos += n;
        return;
      }
      case WireType.fixed32:
        this.fixed(4, end);
        return;
      default:
        throw new ProfileError('ERR_PROFILE_WIRE_TYPE', `unknown wire type: ${wireType} at byte ${this.pos}`);
    }
  }

  /** countVarints returns how many varints end in bytes [start, end), to size a packed array. */
  countVarints(start: number, end: number): number {
    const buf = this.buf;
    let n = 0;
    for (let i = start; i < end; i++) n += buf[i] >>> 7 ^ 1;
    return n;
  }

  private fixed(size: number, end: number): void {
    if (end - this.pos < size) {
      throw new ProfileError('ERR_PROFILE_TRUNCATED', `not enough data: ${size}-byte field at byte ${this.pos}`);
    }
    this.pos += size;
  }

  // small reads a varint of up to four bytes (below 2^28) without a loop,
  // returning -1, with the cursor unmoved, for anything longer or too close
  // to end: ids, lengths, keys and most values take this path, and the
  // callers fall back to varint64 for the rest.
  private small(end: number): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos + 3 < end) {
      let b = buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
      let v = b & 0x7f;
      b = buf[pos + 1];
      if (b < 0x80) {
        this.pos = pos + 2;
        return v | (b << 7);
      }
      v |= (b & 0x7f) << 7;
      b = buf[pos + 2];
      if (b < 0x80) {
        this.pos = pos + 3;
        return v | (b << 14);
      }
      v |= (b & 0x7f) << 14;
      b = buf[pos + 3];
      if (b < 0x80) {
        this.pos = pos + 4;
        return v | (b << 21);
      }
      return -1;
    }
    if (pos < end && buf[pos] < 0x80) {
      this.pos = pos + 1;
      return buf[pos];
    }
    return -1;
  }

  // uintOrHuge reads a varint as a number that may round above 2^53: lengths
  // are only compared with what is left, so precision there does not matter.
  private uintOrHuge(end: number): number {
    const v = this.small(end);
    if (v >= 0) return v;
    this.varint64(end);
    return (this.hi >>> 0) * TWO_POW_32 + (this.lo >>> 0);
  }

  // varint64 reads any varint of up to ten bytes into lo and hi. Bits past
  // the 64th are dropped, as Go's decoder does.
  private varint64(end: number): void {
    const buf = this.buf;
    let pos = this.pos;
    const start = pos;
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw truncatedVarint(start);
      b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo;
        this.hi = 0;
        return;
      }
    }
    // The fifth byte straddles the two words: four bits low, three bits high.
    if (pos >= end) throw truncatedVarint(start);
    b = buf[pos++];
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >>> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (pos - start >= 10) {
          throw new ProfileError('ERR_PROFILE_INVALID', `bad varint: longer than 10 bytes at byte ${start}`);
        }
        if (pos >= end) throw truncatedVarint(start);
        b = buf[pos++];
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.pos = pos;
    this.lo = lo;
    this.hi = hi;
  }
}

function truncatedVarint(at: number): ProfileError {
  return new ProfileError('ERR_PROFILE_TRUNCATED', `bad varint: truncated at byte ${at}`);
}

function rangeError(at: number, kind: string, value: bigint): ProfileError {
  return new ProfileError(
    'ERR_PROFILE_RANGE',
    `${kind} value ${value} before byte ${at} cannot be held exactly in a JavaScript number`,
  );
}
