// npm run bench: every benchmark, one after the other (they share 2 cores,
// so running them together would measure each other).
import { spawnSync } from 'node:child_process';

const benches = ['bench/decode.bench.mjs', 'bench/analyzer.bench.mjs', 'bench/analyzer-speed.bench.mjs', 'bench/startup.bench.mjs', 'bench/overhead.bench.mjs', 'bench/steady-state.bench.mjs', 'bench/heap-accuracy.mjs', 'bench/ui.bench.mjs', 'bench/async-overhead.bench.mjs', 'bench/alloy.bench.mjs'];
let failed = 0;
for (const file of benches) {
  console.log(`\n=== node ${file}`);
  const { status } = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`${file} exited with ${status}`);
    failed++;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
