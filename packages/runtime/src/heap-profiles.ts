// The heap and allocs profiles: one V8 sampler, two default views, as in Go
// where they differ only in the sample type pprof shows first.

import { encodeProfile } from '@fluoro/profile';
import { formatHeapText, heapRecordsToPprof, type MemoryFigures } from './heap-convert.js';
import type { HeapSampler } from './heap-sampler.js';
import { writeAll, type PprofProfile, type ReadOptions, type WriteOptions } from './registry.js';
import type { ProfiledThread } from './worker-threads.js';

/** heapProfile returns the registry entry for `heap` or `allocs` over a sampler. */
export function heapProfile(
  name: 'heap' | 'allocs',
  sampler: HeapSampler,
  memory: () => Promise<MemoryFigures>,
  workers: () => ProfiledThread[] = () => [],
): PprofProfile {
  // Every record carries its thread's name, the `thread` label. The time is
  // the main thread's read's, taken before another request can read anew.
  const records = async ({ fresh = false }: ReadOptions) => {
    if (fresh) for (const s of [sampler, ...workers().map((t) => t.heap)]) s.expire();
    const out = (await sampler.records()).map((r) => ({ ...r, thread: 'main' }));
    const readTime = sampler.readTime;
    for (const t of workers()) {
      // A worker that exited since it was listed has no heap left to show.
      const recs = await t.heap.records().catch(() => []);
      for (const r of recs) out.push({ ...r, thread: t.name });
    }
    return { records: out, readTime };
  };
  const collect = async (options: ReadOptions = {}) => {
    const { records: recs, readTime } = await records(options);
    return heapRecordsToPprof(recs, {
      intervalBytes: sampler.intervalBytes,
      // The profile describes the sampler's last read, which may predate the request.
      timeNanos: readTime * 1e6,
      defaultSampleType: name === 'allocs' ? 'alloc_space' : '',
    });
  };
  return {
    name,
    count: () => sampler.recordCount(),
    collect,
    async writeTo(stream: NodeJS.WritableStream, options: WriteOptions = {}) {
      if ((options.debug ?? 0) !== 0) {
        await writeAll(stream, formatHeapText((await records(options)).records, sampler.intervalBytes, await memory()));
        return;
      }
      await writeAll(stream, encodeProfile(await collect(options)));
    },
  };
}
