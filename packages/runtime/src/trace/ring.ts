// The memory a trace shares between the traced main thread and the thread
// that builds the trace (fluoro/listen's worker, or the helper worker that
// handler() starts): a few header words (the one-trace-at-a-time lock and
// the "recording" flag) and a ring of records. The main thread is the only
// writer and never waits for a reader; the reader drains the ring while the
// trace runs, straight from shared memory, so what the main thread recorded
// stays readable even while that thread is stuck. A reader that falls more
// than a ring behind loses the records it missed and counts their bytes.
//
// A record: u32 length, u8 type, u8 string count, four f64 numbers (a
// timestamp and three values), then each string as u16 byte length + UTF-8.
// Records never straddle the ring's end: a length of 0 (or less room than a
// record head) means "continue at the start". Positions are byte counts
// modulo 2^32; the ring's size divides 2^32, so a position's offset is a mask.
// The memory is made by the main thread when the process's first trace
// starts, and handed to the thread that builds traces then (recorder-hook.ts).

/** RING_BYTES is the ring's size: about a third of a second of a server answering 10,000 requests a second (the reader drains it every 50 ms). */
export const RING_BYTES = 1 << 20;
const HEADER_BYTES = 64;
const MASK = RING_BYTES - 1;
const RECORD_HEAD = 38;

// Header words.
const LOCK = 0;
const ENABLED = 1;
const WRITE = 2;

const KEY = Symbol.for('fluoro.traceMemory');

/** RingRecord is one decoded record. */
export interface RingRecord {
  type: number;
  ts: number;
  a: number;
  b: number;
  c: number;
  s: string[];
}

/** traceMemory returns this process's trace memory, creating it on first use (main thread: a process's first trace). */
export function traceMemory(): SharedArrayBuffer {
  const g = globalThis as { [KEY]?: SharedArrayBuffer };
  return (g[KEY] ??= new SharedArrayBuffer(HEADER_BYTES + RING_BYTES));
}

/** existingTraceMemory returns this process's trace memory, or undefined before its first trace. */
export function existingTraceMemory(): SharedArrayBuffer | undefined {
  return (globalThis as { [KEY]?: SharedArrayBuffer })[KEY];
}

/** TraceFlags reads and sets the header words. */
export class TraceFlags {
  private readonly words: Int32Array;
  constructor(memory: SharedArrayBuffer) {
    this.words = new Int32Array(memory, 0, HEADER_BYTES / 4);
  }
  /** tryLock takes the process's trace lock; false means a trace is running. */
  tryLock(): boolean {
    return Atomics.compareExchange(this.words, LOCK, 0, 1) === 0;
  }
  /** isLocked tells whether a trace is running. */
  isLocked(): boolean {
    return Atomics.load(this.words, LOCK) !== 0;
  }
  unlock(): void {
    Atomics.store(this.words, LOCK, 0);
  }
  /** recording is the hot check of every recording call on the main thread: a plain read of one word. */
  recording(): boolean {
    return this.words[ENABLED] !== 0;
  }
  setRecording(on: boolean): void {
    Atomics.store(this.words, ENABLED, on ? 1 : 0);
  }
  /** writePosition is where the next record will go. */
  writePosition(): number {
    return Atomics.load(this.words, WRITE) >>> 0;
  }
  setWritePosition(pos: number): void {
    Atomics.store(this.words, WRITE, pos | 0);
  }
}

/** RingWriter appends records; one per process, used on the main thread only. */
export class RingWriter {
  readonly flags: TraceFlags;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly buffer: Buffer;

  constructor(memory: SharedArrayBuffer) {
    this.flags = new TraceFlags(memory);
    this.bytes = new Uint8Array(memory, HEADER_BYTES, RING_BYTES);
    this.view = new DataView(memory, HEADER_BYTES, RING_BYTES);
    this.buffer = Buffer.from(memory, HEADER_BYTES, RING_BYTES);
  }

  /** put appends a record if a trace is recording; each string is cut to `maxBytes` bytes of UTF-8. */
  put(type: number, ts: number, a: number, b: number, c: number, strings: readonly string[] = [], maxBytes = 4096): void {
    if (!this.flags.recording()) return;
    let room = RECORD_HEAD;
    for (const s of strings) room += 2 + Math.min(s.length * 3, maxBytes);
    let pos = this.flags.writePosition();
    let off = pos & MASK;
    const view = this.view;
    if (RING_BYTES - off < room) {
      if (RING_BYTES - off >= 4) view.setUint32(off, 0, true);
      pos = (pos + RING_BYTES - off) >>> 0;
      off = 0;
    }
    this.bytes[off + 4] = type;
    this.bytes[off + 5] = strings.length;
    view.setFloat64(off + 6, ts, true);
    view.setFloat64(off + 14, a, true);
    view.setFloat64(off + 22, b, true);
    view.setFloat64(off + 30, c, true);
    let at = off + RECORD_HEAD;
    for (const s of strings) {
      const n = this.writeString(s, at + 2, maxBytes);
      view.setUint16(at, n, true);
      at += 2 + n;
    }
    view.setUint32(off, at - off, true);
    this.flags.setWritePosition(pos + (at - off));
  }

  // writeString copies short ASCII (methods, paths, names) in JavaScript:
  // Buffer#write is a call into C++ that costs more than the copy.
  private writeString(s: string, at: number, maxBytes: number): number {
    const n = s.length;
    if (n <= 128 && n <= maxBytes) {
      const bytes = this.bytes;
      let i = 0;
      for (; i < n; i++) {
        const ch = s.charCodeAt(i);
        if (ch >= 0x80) break;
        bytes[at + i] = ch;
      }
      if (i === n) return n;
    }
    return this.buffer.write(s, at, Math.min(n * 3, maxBytes), 'utf8');
  }
}

/** RingReader drains the records written since it was made. */
export class RingReader {
  private readonly flags: TraceFlags;
  private readonly bytes: Buffer;
  private pos: number;
  /** Bytes of records lost because the writer lapped the reader. */
  dropped = 0;

  constructor(memory: SharedArrayBuffer) {
    this.flags = new TraceFlags(memory);
    this.bytes = Buffer.from(memory, HEADER_BYTES, RING_BYTES);
    this.pos = this.flags.writePosition();
  }

  /** drain copies out the bytes written since the last drain, as runs of whole records (decode them with decodeRecords). Copying is all a trace does while it runs: decoding waits until it ends. */
  drain(): Buffer[] {
    const end = this.flags.writePosition();
    const start = this.pos;
    const size = (end - start) >>> 0;
    if (size === 0) return [];
    if (size > RING_BYTES) return this.lose(end);
    const from = start & MASK;
    const copy = (a: number, b: number) => Buffer.from(this.bytes.subarray(a, b));
    const out = from + size <= RING_BYTES ? [copy(from, from + size)] : [copy(from, RING_BYTES), copy(0, (end & MASK) || RING_BYTES)];
    // The writer may have overwritten what we just copied: then none of it can be trusted.
    if (((this.flags.writePosition() - start) >>> 0) > RING_BYTES) return this.lose(this.flags.writePosition());
    this.pos = end;
    return out;
  }

  private lose(resumeAt: number): Buffer[] {
    this.dropped += (resumeAt - this.pos) >>> 0;
    this.pos = resumeAt;
    return [];
  }
}

/** decodeRecords decodes drained runs of records, oldest first; a run ends at its end, at a length of 0 (the writer went back to the ring's start) or where too few bytes are left for a record. */
export function decodeRecords(runs: readonly Buffer[]): RingRecord[] {
  const out: RingRecord[] = [];
  for (const buf of runs) {
    let at = 0;
    while (at + RECORD_HEAD <= buf.length) {
      const len = buf.readUInt32LE(at);
      if (len === 0) break;
      if (len < RECORD_HEAD || at + len > buf.length) throw new Error(`trace ring: a record of ${len} bytes at ${at} of ${buf.length}`);
      out.push(decodeRecord(buf, at, len));
      at += len;
    }
  }
  return out;
}

function decodeRecord(buf: Buffer, off: number, len: number): RingRecord {
  const type = buf[off + 4];
  const count = buf[off + 5];
  const s: string[] = [];
  let at = off + RECORD_HEAD;
  for (let i = 0; i < count && at + 2 <= off + len; i++) {
    const n = buf.readUInt16LE(at);
    s.push(buf.toString('utf8', at + 2, at + 2 + n));
    at += 2 + n;
  }
  return {
    type,
    ts: buf.readDoubleLE(off + 6),
    a: buf.readDoubleLE(off + 14),
    b: buf.readDoubleLE(off + 22),
    c: buf.readDoubleLE(off + 30),
    s,
  };
}
