// Reads fluoro/listen's settings from the environment and refuses unsafe ones.

import { isLoopback } from '@fluoro/profile';
import { FluoroError } from './errors.js';

/** ListenConfig is where the listener binds and how it authenticates. */
export interface ListenConfig {
  host: string;
  port: number;
  token?: string;
}

/** DEFAULT_ADDR is loopback only: profiles expose code and data. */
export const DEFAULT_ADDR = '127.0.0.1:6060';

/** listenConfig parses FLUORO_ADDR, FLUORO_TOKEN and FLUORO_INSECURE. */
export function listenConfig(env: NodeJS.ProcessEnv): ListenConfig {
  const addr = env.FLUORO_ADDR || DEFAULT_ADDR;
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr);
  if (m === null) throw new FluoroError('ERR_LISTEN_CONFIG', `FLUORO_ADDR=${addr}: want host:port`);
  const host = m[1] ?? (m[2] === '' ? '0.0.0.0' : m[2]);
  const port = Number(m[3]);
  if (port > 65535) throw new FluoroError('ERR_LISTEN_CONFIG', `FLUORO_ADDR=${addr}: port out of range`);
  const token = env.FLUORO_TOKEN || undefined;
  if (!isLoopback(host) && token === undefined && env.FLUORO_INSECURE !== '1') {
    throw new FluoroError(
      'ERR_LISTEN_CONFIG',
      `FLUORO_ADDR=${addr} is not a loopback address: set FLUORO_TOKEN to require "Authorization: Bearer <token>", ` +
        'or FLUORO_INSECURE=1 to serve profiles to anyone who can reach it',
    );
  }
  return { host, port, token };
}

/** heapMaxAgeMs reads FLUORO_HEAP_MAX_AGE: whole seconds, 0 to read the heap sampler on every request. */
export function heapMaxAgeMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.FLUORO_HEAP_MAX_AGE;
  if (raw === undefined || raw === '') return undefined;
  const seconds = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(seconds * 1000)) {
    throw new FluoroError('ERR_LISTEN_CONFIG', `FLUORO_HEAP_MAX_AGE=${raw}: want whole seconds, e.g. 60 (0 reads the heap on every request)`);
  }
  return seconds * 1000;
}

/** heapMaxAgeOrDefault is heapMaxAgeMs, or undefined (the default) after a warning: a bad tuning setting is no reason to profile nothing. */
export function heapMaxAgeOrDefault(env: NodeJS.ProcessEnv, warn: (message: string) => void): number | undefined {
  try {
    return heapMaxAgeMs(env);
  } catch (err) {
    warn(`${(err as Error).message}; using the default`);
    return undefined;
  }
}
