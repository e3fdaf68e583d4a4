// Allocates known amounts so bench/heap-accuracy.mjs can compare fluoro's
// heap numbers with the truth: retain() keeps RETAIN_MB of arrays alive,
// churn() allocates CHURN_MB of the same objects, which die at once, while a
// small cache keeps growing as a service's would. The true size of one object
// (with its slot in the array) is measured from V8's used heap around retain(), with full GCs (run with
// --expose-gc).
import { getHeapStatistics } from 'node:v8';
import { ready } from 'fluoro/listen';

const used = () => {
  globalThis.gc();
  return getHeapStatistics().used_heap_size;
};
const retainMb = Number(process.env.RETAIN_MB ?? 64);
const churnMb = Number(process.env.CHURN_MB ?? 256);

const kept = [];
// Small objects, the common case in services (one sample per ~10,000 of them).
function makeRecord(i) {
  return { id: i, price: i * 0.5, qty: i & 7, next: null };
}
function retain(count) {
  for (let i = 0; i < count; i++) kept.push(makeRecord(i));
}

let sink = 0;
// The batch makes the objects escape; without it V8 optimizes them away.
function churn(count) {
  const batch = [];
  for (let i = 0; i < count; i++) batch.push(makeRecord(i));
  sink += batch.length;
}

const cache = [];
function remember(i) {
  cache.push({ i, at: Date.now(), tags: ['a', 'b', String(i)] });
}

const url = await ready;
const guess = 48;
const retainCount = Math.round((retainMb * 2 ** 20) / guess);
const before = used();
retain(retainCount);
const retainBytes = used() - before;
const arrayBytes = retainBytes / retainCount;
const churnCount = Math.round((churnMb * 2 ** 20) / arrayBytes);
// Churn in slices spread over time, the way a service allocates per request.
for (let slice = 0; slice < 40; slice++) {
  churn(Math.ceil(churnCount / 40));
  for (let i = 0; i < 2000; i++) remember(i);
  await new Promise((r) => setTimeout(r, 100));
}
const churnBytes = Math.ceil(churnCount / 40) * 40 * arrayBytes;
process.stdout.write(JSON.stringify({ url, retainBytes, churnBytes, arrayBytes }) + '\n');
setInterval(() => {}, 1000);
