// The micro part of bench/async-overhead.bench.mjs: 300,000 awaits through
// two async functions, with one of fluoro's async features on. Prints the
// CPU milliseconds (user + system, all threads) of the measured run, after
// one warm-up run: on a shared machine CPU time varies less than wall time.
//
//   node bench/async-overhead-micro.mjs none|async|block+mutex|labels

const mode = process.argv[2] ?? 'none';
const fluoro = mode === 'none' ? undefined : await import('fluoro');
if (mode === 'async') fluoro.trackAsync();
if (mode === 'block+mutex') {
  fluoro.setBlockProfileRate(10_000);
  fluoro.setMutexProfileFraction(10);
}

async function leaf(i) {
  await null;
  return i;
}
async function mid(i) {
  return await leaf(i);
}
async function run(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += await mid(i);
  return s;
}
const body = mode === 'labels' ? (n) => fluoro.withLabels({ job: 'bench' }, () => run(n)) : run;

await body(100_000);
const cpu0 = process.cpuUsage();
await body(300_000);
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`${((cpu.user + cpu.system) / 1000).toFixed(1)}\n`);
