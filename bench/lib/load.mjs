// The load generator of the overhead benchmarks (bench/apps/load.mjs), run as
// one separate process for a whole bench, and a measured window: load an app,
// and read its CPU time from /proc over the counted part of the load.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpuDelta, threadTimes } from './measure.mjs';

const loadPath = fileURLToPath(new URL('../apps/load.mjs', import.meta.url));

/**
 * startLoad spawns the load generator. `wrap` turns [cmd, args] into the
 * command that runs it (for pinning it to a CPU); stop() ends it.
 */
export function startLoad({ wrap = (cmd, args) => [cmd, args] } = {}) {
  const [cmd, args] = wrap(process.execPath, [loadPath]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve)).then((code) => {
    throw new Error(`load generator exited (${code})`);
  });
  // Seen by whichever nextMessage is waiting; unobserved between windows.
  exited.catch(() => {});
  const nextMessage = (kind) =>
    Promise.race([
      new Promise((resolve) => {
        const onMsg = (m) => {
          if (m.kind !== kind) return;
          child.off('message', onMsg);
          resolve(m);
        };
        child.on('message', onMsg);
      }),
      exited,
    ]);

  /**
   * measure loads the app listening on `port` (process `pid`) for warmupS +
   * windowS seconds with `connections` connections, and returns the window's
   * requests, latencies and the app's CPU time over it: per thread, and per
   * request in microseconds. `onStart` runs as the counted window begins;
   * what it resolves to comes back as `counted`.
   */
  async function measure({ name, pid, port }, { connections, warmupS, windowS, onStart }) {
    child.send({ kind: 'window', port, connections, warmupMs: warmupS * 1000, windowMs: windowS * 1000 });
    await nextMessage('window-start');
    const before = threadTimes(pid);
    const counted = onStart?.();
    const result = await nextMessage('window-end');
    const after = threadTimes(pid);
    if (result.errors > 0) throw new Error(`${name}: ${result.errors} non-200 responses`);
    const cpu = cpuDelta(pid, before, after);
    return {
      ...result,
      rps: result.requests / result.seconds,
      cpu,
      cpuUsPerReq: cpu.total / 1000 / result.requests,
      mainUsPerReq: cpu.main / 1000 / result.requests,
      counted: await counted,
    };
  }

  return { measure, stop: () => child.disconnect() };
}
