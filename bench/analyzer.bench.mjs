// fluoro pprof -top -nodecount=20 vs go tool pprof -top -nodecount=20 on the
// generated big profiles, same run: wall time and peak RSS (GNU time), and a
// check that both print the same report. Writes bench/RESULTS-analyzer.md.
// Usage: node bench/analyzer.bench.mjs [5mb|50mb ...]   (default: 5mb 50mb)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const sizes = process.argv.slice(2).length ? process.argv.slice(2) : ['5mb', '50mb'];
const env = { ...process.env, TZ: 'UTC', PPROF_TMPDIR: tmpdir() };

function measure(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const [wall, rss] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, rssMB: rss / 1024, stdout: r.stdout, status: r.status };
}

const rows = [];
for (const size of sizes) {
  const file = `bench/data/big-${size}.pb.gz`;
  if (!existsSync(file)) {
    spawnSync(process.execPath, ['scripts/gen-big-profile.mjs', '--size-mb', size.replace('mb', ''), '--out', file], { stdio: 'inherit' });
  }
  const f = measure(process.execPath, ['packages/cli/dist/src/main.js', 'pprof', '-top', '-nodecount=20', file]);
  const g = measure('go', ['tool', 'pprof', '-top', '-nodecount=20', file]);
  rows.push({ size, f, g, same: f.stdout === g.stdout });
  console.log(size, 'fluoro', f.wall, 's', f.rssMB.toFixed(0), 'MB | go', g.wall, 's', g.rssMB.toFixed(0), 'MB | same output:', f.stdout === g.stdout);
}

// Hand-written notes below the table ("## Notes" onwards) survive a rerun.
const out = 'bench/RESULTS-analyzer.md';
const notes = existsSync(out) ? readFileSync(out, 'utf8').split(/^(?=## Notes$)/m)[1] ?? '' : '';
const md = [
  '# fluoro pprof vs go tool pprof: -top -nodecount=20',
  '',
  `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, same run; wall time and peak RSS from GNU time.`,
  `Command: \`node bench/analyzer.bench.mjs ${sizes.join(' ')}\`, which runs`,
  '`fluoro pprof -top -nodecount=20 FILE` and `go tool pprof -top -nodecount=20 FILE` (Go 1.19).',
  '',
  '| profile | fluoro wall | fluoro RSS | go wall | go RSS | speed-up | RSS fluoro/go | same output |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.size} | ${r.f.wall} s | ${r.f.rssMB.toFixed(0)} MB | ${r.g.wall} s | ${r.g.rssMB.toFixed(0)} MB | ${(r.g.wall / r.f.wall).toFixed(2)}x | ${(r.f.rssMB / r.g.rssMB).toFixed(2)} | ${r.same ? 'yes' : 'NO'} |`),
  '',
];
writeFileSync(out, md.join('\n') + (notes ? '\n' + notes : ''));
