// The goroutine profile (live async operations grouped by creation stack)
// and the threadcreate profile (worker threads ever created), in Go's
// formats: proto, debug=1 counts by stack, and for goroutine a debug=2 dump
// with one block per operation.

import { encodeProfile } from '@fluoro/profile';
import { liveOperations, type AsyncOperation } from './async-tracker.js';
import { countProfileData, countProfileText, totalCount } from './count-profile.js';
import { FrameTable } from './frames.js';
import { writeAll, type RenderableProfile, type WriteOptions } from './registry.js';
import { createdWorkers } from './worker-creations.js';

// operationProfile is a count profile over a source of async operations;
// render is synchronous so the listener thread can ask for it.
function operationProfile(name: string, source: () => AsyncOperation[], dump: boolean): RenderableProfile {
  const profile: RenderableProfile = {
    name,
    // Sampled operations stand for several: the index shows what they stand for, as the profile does.
    count: () => totalCount(source()),
    async writeTo(stream: NodeJS.WritableStream, options: WriteOptions = {}) {
      await writeAll(stream, profile.render(options.debug ?? 0));
    },
    async collect() {
      return countProfileData(name, source(), Date.now());
    },
    render(debug: number): Uint8Array | string {
      const ops = source();
      if (debug >= 2 && dump) return formatOperations(ops, Date.now());
      if (debug >= 1) return countProfileText(name, ops);
      return encodeProfile(countProfileData(name, ops, Date.now()));
    },
  };
  return profile;
}

/** goroutineProfile is the registry entry for `goroutine`: live async operations. */
export const goroutineProfile = operationProfile('goroutine', liveOperations, true);

/** threadcreateProfile is the registry entry for `threadcreate`: worker threads created. */
export const threadcreateProfile = operationProfile('threadcreate', createdWorkers, false);

// formatOperations is Go's debug=2 dump: `goroutine ID [STATE, N minutes]:`
// then the stack, where the state is the operation's type and the minutes
// its age (shown from one minute on, as Go does for waiting goroutines).
function formatOperations(ops: AsyncOperation[], now: number): string {
  // The same frame table as the other formats: source-mapped names and lines.
  const table = new FrameTable();
  return ops
    .map((op) => {
      const minutes = op.createdAt === undefined ? 0 : Math.floor((now - op.createdAt) / 60_000);
      let out = `goroutine ${op.id} [${op.type}${minutes >= 1 ? `, ${minutes} minutes` : ''}]:\n`;
      for (const f of op.stack) {
        const { function: fn, line } = table.locationFor(f).line[0];
        out += fn.filename === '' ? `${fn.name}()\n` : `${fn.name}()\n\t${fn.filename}:${line}\n`;
      }
      return out;
    })
    .join('\n');
}
