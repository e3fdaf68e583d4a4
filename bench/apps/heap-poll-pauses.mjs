// How long the main thread stops for full GCs with and without fluoro/listen,
// by live heap size. fluoro's heap sampler reads V8's sampling heap profiler
// every 2 s (HeapProfiler.getSamplingProfile), and V8's inspector always
// starts that sampler with kSamplingForceGC, so every read is a full,
// non-incremental mark-compact of the whole heap.
//
//   node bench/apps/heap-poll-pauses.mjs [MB...]            (default 20 200 600)
//
// For each size it runs a child twice: plain, and with `--import fluoro/listen`.
// The child builds MB of live objects, allocates lightly for 10 s and reports
// the major GCs it saw (PerformanceObserver 'gc' entries).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD_SECONDS = 10;

if (process.argv[2] === '--child') {
  const { PerformanceObserver, constants } = await import('node:perf_hooks');
  const mb = Number(process.argv[3]);
  const keep = [];
  for (let i = 0; i < (mb * 1024 * 1024) / 200; i++) keep.push({ id: i, name: `item${i}`, tags: [i, i + 1], nested: { a: i } });
  const majors = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors.push(e);
  }).observe({ entryTypes: ['gc'] });
  const listen = process.execArgv.includes('fluoro/listen') ? (await import('fluoro/listen')).ready : undefined;
  if (listen) await listen;
  const t0 = performance.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const garbage = [];
      for (let i = 0; i < 1000; i++) garbage.push({ i });
      if (performance.now() - t0 > CHILD_SECONDS * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const seen = majors.filter((e) => e.startTime >= t0);
  const total = seen.reduce((s, e) => s + e.duration, 0);
  process.stdout.write(
    JSON.stringify({
      liveMB: Math.round(process.memoryUsage().heapUsed / 1048576),
      kept: keep.length,
      majorGCs: seen.length,
      pausesMs: seen.map((e) => Math.round(e.duration)),
      shareOfTime: total / (CHILD_SECONDS * 1000),
    }) + '\n',
  );
  process.exit(0);
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
process.stdout.write(`major GC pauses over ${CHILD_SECONDS} s of light allocation, by live heap size\n\n`);
process.stdout.write('| live heap | mode | major GCs | pauses (ms) | share of time |\n|---:|---|---:|---|---:|\n');
for (const mb of sizes.length ? sizes : [20, 200, 600]) {
  for (const mode of ['plain', 'fluoro']) {
    const args = [...(mode === 'fluoro' ? ['--import', 'fluoro/listen'] : []), fileURLToPath(import.meta.url), '--child', String(mb)];
    const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, FLUORO_ADDR: '127.0.0.1:0' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    process.stdout.write(
      `| ${out.liveMB} MB | ${mode} | ${out.majorGCs} | ${out.pausesMs.join(', ')} | ${(out.shareOfTime * 100).toFixed(1)}% |\n`,
    );
  }
}
