// -proto writes the profile after filters as a gzipped profile.proto. Each
// case of testdata/golden/proto/cases.txt is read back with -raw and
// compared with what go tool pprof -raw printed for Go's own -proto output
// (scripts/make-proto-goldens.sh); with Go installed, Go also reads ours.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runPprof } from '../src/index.js';
import { requires } from '@fluoro/testkit';

process.env.TZ = 'UTC';
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const dir = join(root, 'testdata/golden/proto');
process.chdir(root);
// Where Go is missing these check fluoro alone; CI has Go and checks both.
const haveGo = !requires('go');
const tmp = mkdtempSync(join(tmpdir(), 'fluoro-proto-'));

const lines = readFileSync(join(dir, 'cases.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
for (const line of lines) {
  const [f, i] = line.split('|');
  const flags = f.trim().split(/\s+/);
  const inputs = i.trim().split(/\s+/);
  const name = inputs.map((x) => basename(x, '.pb.gz')).join('+');
  const suffix = flags.map((x) => x.replace(/^-+/, '')).join('.').replace(/[^ .=]*\//g, '').replace(/\.pb\.gz/g, '');
  const file = `${name}.${suffix}.txt`;
  test(`-proto ${file}`, async () => {
    const res = await runPprof([...flags, ...inputs]);
    assert.ok(res.binary, 'binary output');
    assert.equal(res.output, '');
    // gzip, as pprof writes it
    assert.deepEqual([...res.binary.subarray(0, 2)], [0x1f, 0x8b]);
    const out = join(tmp, file.replace(/\.txt$/, '.pb.gz'));
    writeFileSync(out, res.binary);
    const want = readFileSync(join(dir, file), 'utf8');
    assert.equal((await runPprof(['-raw', out])).output, want);
    if (haveGo) {
      const g = spawnSync('go', ['tool', 'pprof', '-raw', out], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
      assert.equal(g.stdout, want);
    }
  });
}

test('-proto -output writes the file and says so', async () => {
  const out = join(tmp, 'out.pb.gz');
  const res = await runPprof(['-proto', `-output=${out}`, 'testdata/go/heap.pb.gz']);
  assert.equal(res.file, out);
  assert.ok(res.binary && res.binary.length > 100);
});
