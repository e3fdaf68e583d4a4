// The goroutine profile (live async operations grouped by creation stack)
// and the threadcreate profile (worker threads ever created), in Go's
// formats: proto, debug=1 counts by stack, and for goroutine a debug=2 dump
// with one block per operation.

import { emptyProfile, encodeProfile, type Profile } from '@fluoro/profile';
import { createdWorkers, liveOperations, type AsyncOperation } from './async-tracker.js';
import { FrameTable, frameFile, type Frame } from './frames.js';
import { writeAll, type RenderableProfile, type WriteOptions } from './registry.js';
import { formatStackRecord } from './stack-text.js';
import { alignTabs } from './tabwriter.js';

// operationProfile is a count profile over a source of async operations;
// render is synchronous so the listener thread can ask for it.
function operationProfile(name: string, source: () => AsyncOperation[], dump: boolean): RenderableProfile {
  const profile: RenderableProfile = {
    name,
    count: () => source().length,
    async writeTo(stream: NodeJS.WritableStream, options: WriteOptions = {}) {
      await writeAll(stream, profile.render(options.debug ?? 0));
    },
    async collect() {
      return toProfile(name, groupByStack(source()), Date.now());
    },
    render(debug: number): Uint8Array | string {
      const ops = source();
      if (debug >= 2 && dump) return formatOperations(ops, Date.now());
      const groups = groupByStack(ops);
      if (debug >= 1) {
        const table = new FrameTable();
        let out = `${name} profile: total ${ops.length}\n`;
        for (const g of groups) out += formatStackRecord(String(g.count), g.stack, table, labelsLine(g.labels));
        return alignTabs(out);
      }
      return encodeProfile(toProfile(name, groups, Date.now()));
    },
  };
  return profile;
}

/** goroutineProfile is the registry entry for `goroutine`: live async operations. */
export const goroutineProfile = operationProfile('goroutine', liveOperations, true);

/** threadcreateProfile is the registry entry for `threadcreate`: worker threads created (needs async tracking). */
export const threadcreateProfile = operationProfile('threadcreate', createdWorkers, false);

interface Group {
  stack: Frame[];
  labels: [string, string][];
  count: number;
}

function groupByStack(ops: AsyncOperation[]): Group[] {
  const byKey = new Map<string, Group>();
  for (const op of ops) {
    const labels = Object.entries(op.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = op.stack.map((f) => `${f.functionName}\0${f.url}\0${f.line ?? f.lineNumber}`).join('\n') + JSON.stringify(labels);
    const g = byKey.get(key) ?? { stack: op.stack, labels, count: 0 };
    g.count++;
    byKey.set(key, g);
  }
  return [...byKey.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).map(([, g]) => g);
}

// labelsLine is Go's `# labels: {"k":"v", "k2":"v2"}` line, empty without labels.
function labelsLine(labels: [string, string][]): string {
  if (labels.length === 0) return '';
  return `# labels: {${labels.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}\n`;
}

function toProfile(name: string, groups: Group[], now: number): Profile {
  const table = new FrameTable();
  const type = { type: name, unit: 'count' };
  return {
    ...emptyProfile([type]),
    sample: groups.map((g) => ({
      location: g.stack.map((f) => table.locationFor(f)),
      value: [g.count],
      label: g.labels.map(([key, str]) => ({ key, str })),
    })),
    location: table.locations,
    function: table.functions,
    timeNanos: now * 1e6,
    periodType: type,
    period: 1,
  };
}

// formatOperations is Go's debug=2 dump: `goroutine ID [STATE, N minutes]:`
// then the stack, where the state is the operation's type and the minutes
// its age (shown from one minute on, as Go does for waiting goroutines).
function formatOperations(ops: AsyncOperation[], now: number): string {
  return ops
    .map((op) => {
      const minutes = op.createdAt === undefined ? 0 : Math.floor((now - op.createdAt) / 60_000);
      let out = `goroutine ${op.id} [${op.type}${minutes >= 1 ? `, ${minutes} minutes` : ''}]:\n`;
      for (const f of op.stack) {
        const name = f.functionName === '' ? '(anonymous)' : f.functionName;
        out += f.url === '' ? `${name}()\n` : `${name}()\n\t${frameFile(f)}:${f.line ?? f.lineNumber + 1}\n`;
      }
      return out;
    })
    .join('\n');
}
