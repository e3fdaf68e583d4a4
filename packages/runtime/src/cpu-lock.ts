// The process-wide "one CPU profile at a time" flag. It lives in shared
// memory so the main thread and fluoro's listener worker see the same flag:
// V8 would happily run two profiles, but Go refuses the second and pprof
// users rely on that.

const KEY = Symbol.for('fluoro.cpuLock');

type LockHolder = { [KEY]?: Int32Array };

/** cpuLockMemory returns this process's lock word, creating it on first use. */
export function cpuLockMemory(): Int32Array {
  const g = globalThis as LockHolder;
  g[KEY] ??= new Int32Array(new SharedArrayBuffer(4));
  return g[KEY];
}

/** adoptCpuLockMemory makes a worker use the lock word its parent created. */
export function adoptCpuLockMemory(memory: Int32Array): void {
  (globalThis as LockHolder)[KEY] = memory;
}

/** tryLockCpu takes the lock; false means a CPU profile is already running. */
export function tryLockCpu(): boolean {
  return Atomics.compareExchange(cpuLockMemory(), 0, 0, 1) === 0;
}

/** unlockCpu releases the lock taken by tryLockCpu. */
export function unlockCpu(): void {
  Atomics.store(cpuLockMemory(), 0, 0);
}
