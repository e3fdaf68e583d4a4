// Waiting for a profile's duration while watching for the client to leave.

import type { ServerResponse } from 'node:http';

/** waitOrDisconnect resolves true after `seconds`, or false as soon as the client disconnects. */
export function waitOrDisconnect(res: ServerResponse, seconds: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, seconds * 1000);
    res.once('close', onClose);
  });
}

/** exceedsWriteTimeout is Go's durationExceedsWriteTimeout. */
export function exceedsWriteTimeout(seconds: number, writeTimeoutSeconds: number): boolean {
  return writeTimeoutSeconds > 0 && seconds >= writeTimeoutSeconds;
}
