// How close fluoro's heap numbers are to the truth. An app allocates known
// amounts (bench/apps/heap-known.mjs); we fetch its heap profile from the
// endpoint and compare inuse_space of the retaining function and
// alloc_space of the churning one with what was really allocated.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { decodeProfile } from '@fluoro/profile';

function get(url) {
  return new Promise((ok, fail) => {
    request(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok(Buffer.concat(chunks)));
    }).on('error', fail).end();
  });
}

// under sums a sample type over the stacks that pass through a function.
function under(profile, typeName, functionName) {
  const index = profile.sampleType.findIndex((t) => t.type === typeName);
  let total = 0;
  for (const s of profile.sample) {
    if (s.location.some((l) => l.line.some((ln) => ln.function.name === functionName))) total += s.value[index];
  }
  return total;
}

async function measure(env) {
  const child = spawn(process.execPath, ['--expose-gc', 'bench/apps/heap-known.mjs'], {
    env: { ...process.env, FLUORO_ADDR: '127.0.0.1:0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
    const truth = JSON.parse(line.value);
    const profile = decodeProfile(await get(`${truth.url}heap`));
    return {
      retainTruth: truth.retainBytes,
      retainInuse: under(profile, 'inuse_space', 'retain'),
      churnTruth: truth.churnBytes,
      churnAlloc: under(profile, 'alloc_space', 'churn'),
      unobserved: under(profile, 'alloc_space', '(collected before observed)'),
    };
  } finally {
    child.kill();
  }
}

const mb = (n) => (n / 2 ** 20).toFixed(1).padStart(7) + ' MB';
const pct = (a, b) => ((100 * a) / b).toFixed(0).padStart(4) + '%';
console.log('heap accuracy: fluoro vs the bytes really allocated (512 KiB sampling)');
console.log('run  retain truth  inuse_space(retain)        churn truth  alloc_space(churn)         unattributed alloc');
for (let run = 1; run <= 3; run++) {
  const r = await measure({});
  console.log(
    `${String(run).padStart(3)}  ${mb(r.retainTruth)}  ${mb(r.retainInuse)} ${pct(r.retainInuse, r.retainTruth)}       ` +
      `${mb(r.churnTruth)}  ${mb(r.churnAlloc)} ${pct(r.churnAlloc, r.churnTruth)}       ${mb(r.unobserved)} ${pct(r.unobserved, r.churnTruth)}`,
  );
}
