// What a running CPU profile costs code that calls into C++ a lot, beyond its
// samples: one process alternates blocks of a loop of native calls with and
// without a profile (at IV microseconds, default 10,000 = fluoro's 100 Hz)
// and prints the median CPU time of each and their ratio.
//
//   node bench/apps/profile-on-native-calls.mjs        (IV=1000 for the inspector's default rate)
//
// Results: bench/RESULTS-overhead.md, "Where the fixed cost was".

import inspector from 'node:inspector';

const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
await post('Profiler.enable');
await post('Profiler.setSamplingInterval', { interval: Number(process.env.IV ?? 10000) });
const work = (n) => {
  let x = 0;
  for (let i = 0; i < n; i++) {
    x += process.hrtime()[1] & 1;
    x += Buffer.byteLength('hello world ' + i, 'utf8');
    x += process.memoryUsage.rss() & 1;
  }
  return x;
};
// block runs the loop once and returns its CPU milliseconds.
const block = () => {
  const t = process.cpuUsage();
  work(300_000);
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};
for (let i = 0; i < 3; i++) block();
const on = [], off = [];
for (let i = 0; i < 12; i++) {
  if (i % 2) {
    await post('Profiler.start');
    on.push(block());
    await post('Profiler.stop');
  } else {
    off.push(block());
  }
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log('off', med(off).toFixed(1), 'on', med(on).toFixed(1), 'ratio', (med(on) / med(off)).toFixed(3));
