// fluoro pprof vs go tool pprof (Go 1.19) on the generated big profiles, same
// run: wall time and peak RSS (GNU time) of each report, and a check that both
// print the same bytes. Writes bench/RESULTS-analyzer.md.
//
// Usage: node bench/analyzer.bench.mjs [--reports top,dot,peek] [5mb|50mb ...]
//   --reports  which reports to run (default top,dot); Go needs ~100 s per
//              report on the 50 MB profile, so peek is left to ask for.
//   sizes      default 5mb 50mb; a missing profile is generated.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';

// Each report's flags, the same for both tools. The -peek regexp matches a
// few dozen of the generated functions' names.
const REPORTS = {
  top: ['-top', '-nodecount=20'],
  dot: ['-dot', '-nodecount=20'],
  peek: ['-peek=Encode'],
};

const { values, positionals } = parseArgs({ options: { reports: { type: 'string', default: 'top,dot' } }, allowPositionals: true });
const reports = values.reports.split(',');
for (const r of reports) if (!REPORTS[r]) throw new TypeError(`--reports: unknown report ${r} (known: ${Object.keys(REPORTS).join(', ')})`);
const sizes = positionals.length ? positionals : ['5mb', '50mb'];
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
  for (const report of reports) {
    const flags = [...REPORTS[report], file];
    const f = measure(process.execPath, ['packages/cli/dist/src/main.js', 'pprof', ...flags]);
    const g = measure('go', ['tool', 'pprof', ...flags]);
    const same = f.status === 0 && f.stdout === g.stdout;
    rows.push({ size, report, f, g, same });
    console.log(size, REPORTS[report].join(' '), '| fluoro', f.wall, 's', f.rssMB.toFixed(0), 'MB | go', g.wall, 's', g.rssMB.toFixed(0), 'MB | same output:', same);
  }
}

// Hand-written notes below the table ("## Notes" onwards) survive a rerun.
const out = 'bench/RESULTS-analyzer.md';
const notes = existsSync(out) ? readFileSync(out, 'utf8').split(/^(?=## Notes$)/m)[1] ?? '' : '';
const flagList = reports.map((r) => `\`${REPORTS[r].join(' ')}\``).join(', ');
const md = [
  '# fluoro pprof vs go tool pprof: graph and text reports on big profiles',
  '',
  `Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, same run; wall time and peak RSS from GNU time.`,
  `Command: \`node bench/analyzer.bench.mjs --reports ${reports.join(',')} ${sizes.join(' ')}\`, which runs`,
  `\`fluoro pprof FLAGS FILE\` and \`go tool pprof FLAGS FILE\` (Go 1.19) for FLAGS ${flagList}, one after the other.`,
  '',
  '| profile | report | fluoro wall | fluoro RSS | go wall | go RSS | speed-up | RSS fluoro/go | same output |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.size} | ${REPORTS[r.report][0]} | ${r.f.wall} s | ${r.f.rssMB.toFixed(0)} MB | ${r.g.wall} s | ${r.g.rssMB.toFixed(0)} MB | ${(r.g.wall / r.f.wall).toFixed(2)}x | ${(r.f.rssMB / r.g.rssMB).toFixed(2)} | ${r.same ? 'yes' : 'NO'} |`),
  '',
];
writeFileSync(out, md.join('\n') + (notes ? '\n' + notes : ''));
