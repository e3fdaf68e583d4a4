// The least a Node profiler can do under Alloy's scrape pattern, for
// `node bench/alloy.bench.mjs --before bench/apps/v8-floor.mjs`: V8's heap
// sampler on from the start, and for each `profile?seconds=N` V8's CPU
// profiler at 100 Hz through an in-process inspector session, the profile
// dropped unread; the heap sampler is read at most once a minute. No
// conversion, no worker thread, no recompilation at a profile's start. What
// alloy costs beyond this is fluoro's; what this costs is V8's.
// V8_FLOOR_INTERVAL_US sets the CPU sampling interval (default 10,000 us, Go's 100 Hz).
import inspector from 'node:inspector';
import { createServer } from 'node:http';

const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
await post('HeapProfiler.enable');
await post('HeapProfiler.startSampling', { samplingInterval: 512 * 1024 });
await post('Profiler.enable');
await post('Profiler.setSamplingInterval', { interval: Number(process.env.V8_FLOOR_INTERVAL_US ?? 10_000) });
let heapReadAt = 0;

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/debug/pprof/profile') {
    await post('Profiler.start');
    await new Promise((r) => setTimeout(r, Number(url.searchParams.get('seconds') ?? 30) * 1000));
    await post('Profiler.stop');
  } else if (url.pathname === '/debug/pprof/allocs' && Date.now() - heapReadAt >= 60_000) {
    heapReadAt = Date.now();
    await post('HeapProfiler.getSamplingProfile');
  }
  res.end('ok\n');
});
server.listen(0, '127.0.0.1', () => {
  process.stderr.write(`fluoro: serving profiles at http://127.0.0.1:${server.address().port}/debug/pprof/\n`);
});
server.unref();
