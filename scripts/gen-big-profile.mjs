#!/usr/bin/env node
// gen-big-profile.mjs writes a big, realistic, CPU-like pprof profile for the
// decode benchmark: tens of thousands of functions across thousands of files,
// several mappings (one in the kernel's upper half, so addresses above 2^53
// appear), inlined frames, recursion, stacks of 20 to 80 frames drawn from a
// call graph, a few labels, and as many distinct samples as it takes for the
// gzipped file to come out near the requested size.
//
// The output is a pure function of --seed and --size-mb: a seeded PRNG drives
// everything and zlib is deterministic. It encodes profile.proto itself (a
// few lines of varint writing) so that the benchmark input does not depend on
// the decoder under test.
//
//   node scripts/gen-big-profile.mjs [--size-mb 50] [--out bench/data/big-50mb.pb.gz] [--seed 1]

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values: args } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '50' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const sizeMb = Number(args['size-mb']);
if (!(sizeMb > 0)) throw new TypeError(`--size-mb must be a positive number, got ${args['size-mb']}`);
const seed = Number(args.seed) >>> 0;
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = args.out ?? join(repoRoot, `bench/data/big-${sizeMb}mb.pb.gz`);
const target = sizeMb * 1024 * 1024;

// mulberry32: small, fast, good enough for shaping test data.
function prng(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Writer: just enough of the protobuf wire format.
class Writer {
  constructor(cap = 1 << 20) {
    this.buf = Buffer.allocUnsafe(cap);
    this.pos = 0;
  }
  ensure(n) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  varint(v) {
    this.ensure(10);
    if (typeof v === 'bigint') {
      v = BigInt.asUintN(64, v);
      while (v > 0x7fn) {
        this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
        v >>= 7n;
      }
      this.buf[this.pos++] = Number(v);
      return;
    }
    while (v > 0x7f) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }
  field(f, v) {
    if (v === 0 || v === 0n) return;
    this.varint(f * 8);
    this.varint(v);
  }
  bytes(f, b) {
    this.varint(f * 8 + 2);
    this.varint(b.length);
    this.ensure(b.length);
    if (typeof b === 'string') this.pos += this.buf.write(b, this.pos, 'latin1');
    else {
      b.copy ? b.copy(this.buf, this.pos) : this.buf.set(b, this.pos);
      this.pos += b.length;
    }
  }
  message(f, fill) {
    const inner = new Writer(256);
    fill(inner);
    this.bytes(f, inner.buf.subarray(0, inner.pos));
  }
  packed(f, values) {
    const inner = new Writer(values.length * 3 + 16);
    for (const v of values) inner.varint(v);
    this.bytes(f, inner.buf.subarray(0, inner.pos));
  }
  result() {
    return this.buf.subarray(0, this.pos);
  }
}

const WORDS = (
  'http server handler router request response conn read write flush buffer pool cache store index query ' +
  'parse encode decode json proto grpc stream frame header body cookie session auth token crypto hash sign ' +
  'verify compress gzip zlib sort search tree graph node edge walk visit scan lex token ast eval compile ' +
  'schedule worker queue task job batch retry backoff timer ticker context cancel deadline lock mutex cond ' +
  'wait signal notify event emit listen accept dial resolve dns tls cert metrics trace span log format print'
).split(' ');
const cap = (w) => w[0].toUpperCase() + w.slice(1);

function build(sampleCount) {
  const rand = prng(seed);
  const int = (n) => Math.floor(rand() * n);
  const pick = (xs) => xs[int(xs.length)];

  const strings = [''];
  const stringIndex = new Map([['', 0]]);
  const str = (s) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };

  const nFunctions = Math.round(20000 + sizeMb * 600);
  const nFiles = Math.round(nFunctions / 4);
  const files = [];
  for (let i = 0; i < nFiles; i++) {
    files.push(`/src/github.com/${pick(WORDS)}${int(50)}/${pick(WORDS)}/${pick(WORDS)}/${pick(WORDS)}_${i}.go`);
  }
  const functions = [];
  for (let i = 0; i < nFunctions; i++) {
    const pkg = `github.com/${pick(WORDS)}${int(50)}/${pick(WORDS)}`;
    const name =
      rand() < 0.5
        ? `${pkg}.(*${cap(pick(WORDS))}${cap(pick(WORDS))}).${cap(pick(WORDS))}${i}`
        : `${pkg}.${pick(WORDS)}${cap(pick(WORDS))}${i}`;
    functions.push({ id: i + 1, name, file: files[int(nFiles)], startLine: 1 + int(3000) });
  }

  // Mappings: the main binary, a few shared libraries, and the kernel,
  // whose addresses are above 2^53 and must survive as bigints.
  const mappings = [
    { id: 1, start: 0x400000n, limit: 0x4000000n, file: '/usr/local/bin/server', buildId: 'a1b2c3d4e5f6' },
    { id: 2, start: 0x7f1200000000n, limit: 0x7f1200400000n, file: '/lib/x86_64-linux-gnu/libc.so.6', buildId: 'c0ffee' },
    { id: 3, start: 0x7f1300000000n, limit: 0x7f1300100000n, file: '/lib/x86_64-linux-gnu/libssl.so.3', buildId: 'beef' },
    { id: 4, start: 0xffffffff81000000n, limit: 0xffffffff83000000n, file: '[kernel.kallsyms]', buildId: '' },
  ];

  // Locations: a few per function (call sites at different lines), some
  // carrying inlined callers.
  const locations = [];
  const locationsOf = [];
  let pc = [0n, 0n, 0n, 0n];
  for (const fn of functions) {
    const own = [];
    const n = 1 + int(5);
    const m = fn.id % 50 === 0 ? (fn.id % 100 === 0 ? 3 : 1) : fn.id % 7 === 0 ? 2 : 0;
    for (let k = 0; k < n; k++) {
      pc[m] += BigInt(16 + int(200));
      const lines = [];
      if (rand() < 0.1) lines.push({ fn: functions[int(nFunctions)], line: 1 + int(3000) });
      lines.push({ fn, line: fn.startLine + int(200) });
      const loc = { id: locations.length + 1, mapping: mappings[m], address: mappings[m].start + pc[m], lines };
      locations.push(loc);
      own.push(loc);
    }
    locationsOf.push(own);
  }

  // A call graph with layers: callers call into a handful of functions,
  // biased towards "deeper" ones, so stacks share prefixes as real ones do.
  const callees = functions.map((fn, i) => {
    const c = [];
    const n = 2 + int(6);
    for (let k = 0; k < n; k++) c.push(Math.min(nFunctions - 1, i + 1 + int(Math.max(1, nFunctions / 20))));
    return c;
  });
  const roots = [];
  for (let i = 0; i < 40; i++) roots.push(int(Math.floor(nFunctions / 10)));

  const w = new Writer(Math.max(1 << 20, sampleCount * 90));
  // repeated ValueType sample_type = 1
  w.message(1, (m) => {
    m.field(1, str('samples'));
    m.field(2, str('count'));
  });
  w.message(1, (m) => {
    m.field(1, str('cpu'));
    m.field(2, str('nanoseconds'));
  });

  const labelValues = ['/api/users', '/api/orders', '/api/search', '/healthz', '/metrics'];
  const stack = [];
  for (let s = 0; s < sampleCount; s++) {
    stack.length = 0;
    const depth = 20 + int(61);
    let f = roots[Math.floor(roots.length * rand() ** 2)];
    while (stack.length < depth) {
      // A call edge happens at one call site: the caller's location follows
      // from which callee it calls, so stacks repeat the way real ones do.
      const next = callees[f];
      const c = rand() < 0.85 ? 0 : 1 + int(next.length - 1);
      const own = locationsOf[f];
      stack.push(own[c % own.length].id);
      if (rand() < 0.04 && stack.length + 3 < depth) {
        // Recursion: the function calls itself a few times from one site.
        const times = 2 + int(8);
        const site = own[(c + 1) % own.length].id;
        for (let k = 0; k < times && stack.length < depth; k++) stack.push(site);
      }
      f = f >= nFunctions - 1 ? int(nFunctions) : next[c];
    }
    stack.reverse(); // leaf first
    const count = rand() < 0.8 ? 1 : 1 + int(20);
    const labelled = rand() < 0.1;
    w.message(2, (m) => {
      m.packed(1, stack);
      m.packed(2, [count, count * 10000000]);
      if (labelled) {
        m.message(3, (l) => {
          l.field(1, str('handler'));
          l.field(2, str(labelValues[int(labelValues.length)]));
        });
        m.message(3, (l) => {
          l.field(1, str('bytes'));
          l.field(3, 1 + int(1 << 20));
          l.field(4, str('bytes'));
        });
      }
    });
  }

  for (const mp of mappings) {
    w.message(3, (m) => {
      m.field(1, mp.id);
      m.field(2, mp.start);
      m.field(3, mp.limit);
      m.field(5, str(mp.file));
      m.field(6, str(mp.buildId));
      m.field(7, 1);
      m.field(8, 1);
      m.field(9, 1);
      m.field(10, 1);
    });
  }
  for (const loc of locations) {
    w.message(4, (m) => {
      m.field(1, loc.id);
      m.field(2, loc.mapping.id);
      m.field(3, loc.address);
      for (const ln of loc.lines) {
        m.message(4, (l) => {
          l.field(1, ln.fn.id);
          l.field(2, ln.line);
        });
      }
    });
  }
  for (const fn of functions) {
    w.message(5, (m) => {
      m.field(1, fn.id);
      m.field(2, str(fn.name));
      m.field(3, str(fn.name));
      m.field(4, str(fn.file));
      m.field(5, fn.startLine);
    });
  }
  const periodTypeX = [str('cpu'), str('nanoseconds')];
  for (const s of strings) w.bytes(6, s);
  w.field(9, 1700000000000000000n + BigInt(seed)); // int64 time_nanos = 9
  w.field(10, 30000000000); // int64 duration_nanos = 10
  w.message(11, (m) => {
    m.field(1, periodTypeX[0]);
    m.field(2, periodTypeX[1]);
  });
  w.field(12, 10000000); // int64 period = 12
  return w.result();
}

// Size the sample count from a small trial, then correct once if the full
// file lands more than 5% away from the target.
const trial = 20000;
const base = gzipSync(build(0)).length;
const perSample = (gzipSync(build(trial)).length - base) / trial;
if (base >= target) console.warn(`the tables alone take ${(base / 1048576).toFixed(1)} MiB; writing one sample`);
let count = Math.max(1, Math.round((target - base) / perSample));
let gz = gzipSync(build(count));
if (Math.abs(gz.length - target) / target > 0.05) {
  count = Math.max(1, Math.round(count * ((target - base) / (gz.length - base))));
  gz = gzipSync(build(count));
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, gz);
console.log(`${out}: ${(gz.length / 1048576).toFixed(1)} MiB gzipped, ${count} samples`);
