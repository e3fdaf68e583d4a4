// A protobuf wire-format writer into one growable Uint8Array. Nested
// messages reserve a single length byte and move their body only when it
// turns out to be 128 bytes or longer, so most messages are written once.
// Numbers are checked as they are written: a fractional, non-finite or
// out-of-range value is a ProfileError, never a silently wrong varint.

import { ProfileError } from './errors.js';
import { fieldKey, WireType } from './fields.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992n;
const TWO_POW_63 = 9223372036854775808n;
const TWO_POW_64 = 18446744073709551616n;

/** Writer appends varints, strings and messages at a cursor `pos`. */
export class Writer {
  buf: Uint8Array;
  pos: number;
  private readonly text: TextEncoder;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(Math.max(capacity, 16));
    this.pos = 0;
    this.text = new TextEncoder();
  }

  /** finish returns a copy of the bytes written, trimmed to their length. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** ensure makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  /** uint writes a non-negative safe integer as a varint. */
  uint(v: number, what: string): void {
    if (!(v >= 0 && Number.isSafeInteger(v))) throw badNumber(what, v, 'a non-negative safe integer');
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    if (v < TWO_POW_32) {
      while (v > 0x7f) {
        buf[pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
    } else {
      // Above 2^32 the bitwise operators would wrap; divide instead.
      while (v > 0x7f) {
        buf[pos++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** smallUint writes an integer in [0, 2^21) that the caller has checked, into room it has ensured. */
  smallUint(v: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (v > 0x7f) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** int writes a safe integer as an int64 varint; negative values take ten bytes. */
  int(v: number, what: string): void {
    if (!Number.isSafeInteger(v)) throw badNumber(what, v, 'a safe integer');
    if (v >= 0) {
      this.uint(v, what);
      return;
    }
    // Two's complement over 64 bits: the high word is floor(v / 2^32) and
    // the low word what remains; both are exact for |v| <= 2^53.
    const hi = Math.floor(v / TWO_POW_32);
    const lo = v - hi * TWO_POW_32;
    this.varint64(lo >>> 0, hi >>> 0);
  }

  /** bigUint writes a bigint in [0, 2^64) as a uint64 varint. */
  bigUint(v: bigint, what: string): void {
    if (typeof v !== 'bigint' || v < 0n || v >= TWO_POW_64) throw badNumber(what, v, 'a bigint in [0, 2^64)');
    if (v < TWO_POW_53) {
      this.uint(Number(v), what);
      return;
    }
    this.varint64(Number(v & 0xffffffffn), Number(v >> 32n));
  }

  /** bigIntField writes an int64 field from a bigint in [-2^63, 2^63), skipping zero. */
  bigIntField(field: number, v: bigint, what: string): void {
    if (typeof v !== 'bigint' || v < -TWO_POW_63 || v >= TWO_POW_63) {
      throw badNumber(what, v, 'a bigint in [-2^63, 2^63)');
    }
    if (v === 0n) return;
    this.key(field, WireType.varint);
    const u = BigInt.asUintN(64, v);
    this.varint64(Number(u & 0xffffffffn), Number(u >> 32n));
  }

  /** key writes a field key. */
  key(field: number, wireType: number): void {
    this.uint(fieldKey(field, wireType), 'field key');
  }

  /** uintField writes a uint64 field, skipping zero as proto3 does. */
  uintField(field: number, v: number, what: string): void {
    if (v === 0) return;
    this.key(field, WireType.varint);
    this.uint(v, what);
  }

  /** intField writes an int64 field, skipping zero as proto3 does. */
  intField(field: number, v: number, what: string): void {
    if (v === 0) return;
    this.key(field, WireType.varint);
    this.int(v, what);
  }

  /** bigUintField writes a uint64 bigint field, skipping zero. */
  bigUintField(field: number, v: bigint, what: string): void {
    if (v === 0n) return;
    this.key(field, WireType.varint);
    this.bigUint(v, what);
  }

  /** boolField writes a bool field when it is true. */
  boolField(field: number, v: boolean): void {
    if (!v) return;
    this.key(field, WireType.varint);
    this.uint(1, 'bool');
  }

  /** stringField writes a string field, even an empty one (string-table entries are positional). */
  stringField(field: number, s: string): void {
    this.key(field, WireType.bytes);
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    const max = s.length * 3;
    this.ensure(max + 5);
    const start = this.reserveLength();
    const buf = this.buf;
    let pos = start;
    let ascii = true;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      buf[pos++] = c;
    }
    if (ascii) {
      this.pos = pos;
    } else {
      this.pos = start + this.text.encodeInto(s, buf.subarray(start, start + max)).written;
    }
    this.endMessage(start);
  }

  /** packedUints writes a repeated uint64 field in packed form; nothing when empty. */
  packedUints(field: number, values: readonly number[], what: string): void {
    if (values.length === 0) return;
    this.key(field, WireType.bytes);
    const start = this.reserveLength();
    for (let i = 0; i < values.length; i++) this.uint(values[i], what);
    this.endMessage(start);
  }

  /** packedInts writes a repeated int64 field in packed form; nothing when empty. */
  packedInts(field: number, values: readonly number[], what: string): void {
    if (values.length === 0) return;
    this.key(field, WireType.bytes);
    const start = this.reserveLength();
    for (let i = 0; i < values.length; i++) this.int(values[i], what);
    this.endMessage(start);
  }

  /** beginMessage starts a length-delimited field and returns where its body starts. */
  beginMessage(field: number): number {
    this.key(field, WireType.bytes);
    return this.reserveLength();
  }

  /** endMessage writes the length of the body that began at start, moving the body if the length needs more than one byte. */
  endMessage(start: number): void {
    const len = this.pos - start;
    if (len < 0x80) {
      this.buf[start - 1] = len;
      return;
    }
    let size = 1;
    for (let v = len; v > 0x7f; v = Math.floor(v / 128)) size++;
    this.ensure(size - 1);
    const buf = this.buf;
    buf.copyWithin(start + size - 1, start, this.pos);
    let pos = start - 1;
    let v = len;
    while (v > 0x7f) {
      buf[pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[pos] = v;
    this.pos += size - 1;
  }

  private reserveLength(): number {
    this.ensure(1);
    this.pos++;
    return this.pos;
  }

  private varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi !== 0 || lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  private grow(n: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
}

function badNumber(what: string, v: unknown, expected: string): ProfileError {
  return new ProfileError('ERR_PROFILE_INVALID', `${what} must be ${expected}, got ${String(v)}`);
}
