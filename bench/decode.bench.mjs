#!/usr/bin/env node
// decode.bench.mjs: how fast fluoro's decodeProfile loads big profiles,
// next to the pprof-format npm package and to Go.
//
// Every round runs in a fresh child process, so each number is what a CLI
// invocation pays (cold JIT, empty heap) and peak RSS can be read per run.
// Wall times are medians. What is timed, exactly:
//
//   fluoro            decodeProfile(gzipped bytes): gunzip + decode + resolve + validate
//   pprof-format      gunzipSync + Profile.decode (its model keeps ids and string indices)
//   Go ParseData      github.com/google/pprof/profile.ParseData as vendored in the
//                     installed Go toolchain (gunzip + decode + postDecode + CheckValid),
//                     compiled here from $(go env GOROOT)/src/cmd/vendor
//   go tool pprof     the whole `go tool pprof -top -nodecount=1 FILE > /dev/null`
//                     process: start-up, parse, then build and print a one-line report
//   "... (raw)"       the decoder alone on bytes already gunzipped in memory
//
//   node bench/decode.bench.mjs [--sizes 5,50] [--rounds 5] [--go-tool-rounds 3]
//                               [--out bench/RESULTS-decode.md]

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
} else {
  main();
}

// child decodes one file once with one tool and prints one JSON line.
async function child(tool, file) {
  const gz = readFileSync(file);
  let decode;
  let input = gz;
  if (tool.startsWith('fluoro')) {
    const { decodeProfile } = await import(join(root, 'packages/profile/dist/src/index.js'));
    decode = (bytes) => decodeProfile(bytes, { maxBytes: 4 * 1024 * 1024 * 1024 - 1 });
  } else {
    const { Profile } = await import('pprof-format');
    decode = (bytes) => Profile.decode(tool.endsWith('raw') ? bytes : gunzipSync(bytes, { maxOutputLength: 2 ** 32 - 1 }));
  }
  if (tool.endsWith('raw')) input = gunzipSync(gz, { maxOutputLength: 2 ** 32 - 1 });
  const t0 = performance.now();
  const p = decode(input);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, rssKb: process.resourceUsage().maxRSS, samples: p.sample.length }));
}

function main() {
  const { values: args } = parseArgs({
    options: {
      sizes: { type: 'string', default: '5,50' },
      rounds: { type: 'string', default: '5' },
      'go-tool-rounds': { type: 'string', default: '3' },
      out: { type: 'string', default: join(root, 'bench/RESULTS-decode.md') },
    },
  });
  const sizes = args.sizes.split(',').map(Number);
  const rounds = Number(args.rounds);
  const goToolRounds = Number(args['go-tool-rounds']);
  const command = `node bench/decode.bench.mjs --sizes ${args.sizes} --rounds ${rounds} --go-tool-rounds ${goToolRounds}`;

  if (!existsSync(join(root, 'packages/profile/dist/src/index.js'))) {
    execFileSync('npx', ['tsc', '-b', 'packages/profile'], { cwd: root, stdio: 'inherit' });
  }
  for (const size of sizes) {
    const file = dataFile(size);
    if (!existsSync(file)) {
      console.error(`generating ${relative(root, file)} ...`);
      execFileSync(process.execPath, ['scripts/gen-big-profile.mjs', '--size-mb', String(size), '--out', file], {
        cwd: root,
        stdio: 'inherit',
      });
    }
  }
  const goParse = buildGoParse();
  const load0 = loadavg();

  const results = [];
  for (const size of sizes) {
    const file = dataFile(size);
    const rawMb = gunzipSync(readFileSync(file), { maxOutputLength: 2 ** 32 - 1 }).length / 1048576;
    const gzMb = readFileSync(file).length / 1048576;
    const rows = [];
    const run = (name, what, n, once) => {
      const runs = [];
      for (let i = 0; i < n; i++) {
        const r = once();
        runs.push(r);
        console.error(`${size} MB  ${name.padEnd(28)} ${r.ms.toFixed(0).padStart(7)} ms  ${r.rssKb ? (r.rssKb / 1024).toFixed(0) : '?'} MB`);
      }
      rows.push({ name, what, ...summarize(runs) });
    };
    const node = (tool) => () => nodeChild(tool, file);
    run('fluoro decodeProfile', 'gunzip + decode + validate', rounds, node('fluoro'));
    run('pprof-format', 'gunzip + decode', rounds, node('pprof-format'));
    if (goParse) run('Go profile.ParseData', 'gunzip + decode + validate', rounds, () => goChild(goParse, 'gz', file));
    run('go tool pprof -top', 'whole process: start, parse, report', goToolRounds, () => goTool(file));
    run('fluoro decodeProfile (raw)', 'decode + validate, input already gunzipped', rounds, node('fluoro-raw'));
    run('pprof-format (raw)', 'decode, input already gunzipped', rounds, node('pprof-format-raw'));
    if (goParse) run('Go profile.ParseData (raw)', 'decode + validate, input already gunzipped', rounds, () => goChild(goParse, 'raw', file));
    results.push({ size, gzMb, rawMb, rows });
  }
  const load1 = loadavg();
  if (goParse) rmSync(dirname(goParse), { recursive: true, force: true });

  const md = report({ results, command, load0, load1, rounds, goToolRounds });
  writeFileSync(args.out, md);
  console.log(md);
}

function dataFile(size) {
  return join(root, `bench/data/big-${size}mb.pb.gz`);
}

function summarize(runs) {
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const rss = runs.map((r) => r.rssKb).filter((x) => x > 0);
  return {
    median: ms[Math.floor(ms.length / 2)],
    min: ms[0],
    max: ms[ms.length - 1],
    rssMb: rss.length ? Math.max(...rss) / 1024 : undefined,
  };
}

function nodeChild(tool, file) {
  const out = execFileSync(process.execPath, [self, '--child', tool, file], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

// buildGoParse compiles a small program around the pprof profile package
// that ships inside the Go toolchain (stdlib-only), so that Go's decoder can
// be timed without go tool pprof's report work. Nothing is downloaded.
function buildGoParse() {
  try {
    const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
    const src = join(goroot, 'src/cmd/vendor/github.com/google/pprof/profile');
    if (!existsSync(src)) return undefined;
    const dir = mkdtempSync(join(tmpdir(), 'fluoro-goparse-'));
    mkdirSync(join(dir, 'profile'));
    for (const f of readdirSync(src)) if (f.endsWith('.go') && !f.endsWith('_test.go')) cpSync(join(src, f), join(dir, 'profile', f));
    writeFileSync(join(dir, 'go.mod'), 'module goparse\n\ngo 1.19\n');
    writeFileSync(
      join(dir, 'main.go'),
      `package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"goparse/profile"
)

func main() {
	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		panic(err)
	}
	if os.Args[1] == "raw" {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			panic(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			panic(err)
		}
	}
	t0 := time.Now()
	p, err := profile.ParseData(data)
	if err != nil {
		panic(err)
	}
	ms := float64(time.Since(t0).Microseconds()) / 1000
	status, _ := os.ReadFile("/proc/self/status")
	var hwm int
	for _, line := range strings.Split(string(status), "\\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fmt.Sscanf(strings.TrimSpace(line[6:]), "%d", &hwm)
		}
	}
	fmt.Printf("{\\"ms\\": %.1f, \\"rssKb\\": %d, \\"samples\\": %d}\\n", ms, hwm, len(p.Sample))
}
`,
    );
    execFileSync('go', ['build', '-o', join(dir, 'goparse'), '.'], {
      cwd: dir,
      env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return join(dir, 'goparse');
  } catch (err) {
    console.error(`Go's parser is not measured: ${err.message}`);
    return undefined;
  }
}

function goChild(bin, mode, file) {
  return JSON.parse(execFileSync(bin, [mode, file], { encoding: 'utf8' }).trim());
}

// goTool times the whole `go tool pprof` process from outside; /usr/bin/time
// gives its peak RSS when it is installed.
function goTool(file) {
  const dir = mkdtempSync(join(tmpdir(), 'fluoro-pprof-tmp-'));
  try {
    const hasTime = existsSync('/usr/bin/time');
    const argv = ['tool', 'pprof', '-top', '-nodecount=1', file];
    const t0 = performance.now();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', 'go', ...argv], { env: { ...process.env, PPROF_TMPDIR: dir }, encoding: 'utf8', maxBuffer: 1 << 24 })
      : spawnSync('go', argv, { env: { ...process.env, PPROF_TMPDIR: dir }, encoding: 'utf8', maxBuffer: 1 << 24 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`go tool pprof failed: ${r.stderr}`);
    const rssKb = hasTime ? Number(r.stderr.trim().split('\n').pop()) : 0;
    return { ms, rssKb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report({ results, command, load0, load1, rounds, goToolRounds }) {
  const goVersion = (() => {
    try {
      return execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'go not found';
    }
  })();
  const pfVersion = JSON.parse(readFileSync(join(root, 'node_modules/pprof-format/package.json'), 'utf8')).version;
  const fmt = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
  const commit = (() => {
    try {
      const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
      const dirty = execFileSync('git', ['status', '--porcelain', 'packages/profile/src'], { cwd: root, encoding: 'utf8' }).trim();
      return dirty ? `${head} (packages/profile/src modified)` : head;
    } catch {
      return 'unknown';
    }
  })();
  let md = '# Decode benchmark\n\n';
  md += `Command (from the repository root, after \`npm run build\`), at commit ${commit}:\n\n    ${command}\n\n`;
  md += `Machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, Node ${process.version}, ${goVersion}, pprof-format ${pfVersion}. `;
  md += `Load average (1 min) ${load0[0].toFixed(2)} at the start, ${load1[0].toFixed(2)} at the end.\n\n`;
  md += `Each cell is the median wall time of ${rounds} runs (${goToolRounds} for \`go tool pprof\`), every run a fresh process; `;
  md += 'peak RSS is the largest of those runs. "x fluoro" is how many times longer than fluoro on the same input. ';
  md += 'The machine is shared with other work, so single runs vary by 20% or more; the medians and ratios are the numbers to read.\n\n';
  for (const { size, gzMb, rawMb, rows } of results) {
    md += `## ${size} MB profile (\`bench/data/big-${size}mb.pb.gz\`: ${gzMb.toFixed(1)} MiB gzipped, ${rawMb.toFixed(1)} MiB raw)\n\n`;
    md += '| decoder | what is timed | median | min - max | x fluoro | peak RSS |\n| --- | --- | ---: | ---: | ---: | ---: |\n';
    for (const r of rows) {
      const base = rows.find((x) => x.name === (r.name.endsWith('(raw)') ? 'fluoro decodeProfile (raw)' : 'fluoro decodeProfile'));
      md += `| ${r.name} | ${r.what} | ${fmt(r.median)} | ${fmt(r.min)} - ${fmt(r.max)} | ${(r.median / base.median).toFixed(1)} | ${r.rssMb ? `${r.rssMb.toFixed(0)} MB` : '?'} |\n`;
    }
    md += '\n';
  }
  md += `Notes:

- fluoro's \`decodeProfile\` returns the resolved model (samples point at Location objects, lines at
  Function objects, strings are strings) after Go's CheckValid checks. pprof-format returns its
  own classes with ids and string-table indices left for the caller to resolve, and does not
  validate: it does less work per profile.
- "Go profile.ParseData" is Google's decoder as shipped inside the installed Go toolchain
  (\`cmd/vendor/github.com/google/pprof/profile\`), built into a small program by this script;
  it is the part of \`go tool pprof\` that corresponds to decodeProfile.
- \`go tool pprof -top -nodecount=1\` is what a user waits for when loading the file in Go's tool:
  the \`go\` launcher, parsing, then aggregating every sample into a graph for the report. Most of
  its time is that report work, not decoding.
- The profiles come from \`scripts/gen-big-profile.mjs\` (seeded, deterministic): CPU-like,
  stacks of 20-80 frames, tens of thousands of functions, inlined frames, recursion, labels.
`;
  return md;
}
