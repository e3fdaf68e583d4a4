// npm run bench: every benchmark, one after the other (they share 2 cores,
// so running them together would measure each other).
//
//   npm run bench [-- --before DIR]
//
// --before DIR (a built checkout of an older commit) makes the benches that
// compare builds measure DIR's fluoro beside this one in the same run, for
// before/after tables: analyzer speed, start-up, steady state, Alloy.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { before: { type: 'string' } } });
const before = values.before;
const benches = {
  'bench/decode.bench.mjs': [],
  'bench/analyzer.bench.mjs': [],
  'bench/analyzer-speed.bench.mjs': before ? ['--build', `before=${before}`, '--build', 'after=.'] : [],
  'bench/startup.bench.mjs': before ? ['--before', before] : [],
  'bench/overhead.bench.mjs': [],
  'bench/trace-overhead.bench.mjs': [],
  'bench/steady-state.bench.mjs': before ? ['--before', before] : [],
  'bench/heap-accuracy.mjs': [],
  'bench/ui.bench.mjs': [],
  'bench/async-overhead.bench.mjs': [],
  'bench/alloy.bench.mjs': before ? ['--before', before] : [],
};
let failed = 0;
for (const [file, args] of Object.entries(benches)) {
  console.log(`\n=== node ${file} ${args.join(' ')}`);
  const { status } = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`${file} exited with ${status}`);
    failed++;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
