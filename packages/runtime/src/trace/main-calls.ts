// Calls from the thread that builds a trace to the main thread, over an
// inspector session connected to it: every reply is waited for at most a
// bound (a main thread blocked in native code answers nothing until it
// returns), and the recorder's hook (recorder-hook.ts) is called through
// Runtime.evaluate.

import type { InspectorChannel } from '../channel.js';
import { FluoroError } from '../errors.js';

/** REPLY_TIMEOUT_MS bounds every wait for the main thread. */
export const REPLY_TIMEOUT_MS = 2000;

/** evaluate runs an expression on the main thread and returns its value, null for none; an exception there is ERR_TRACE_DATA. */
export async function evaluate<T>(channel: InspectorChannel, expression: string): Promise<T | null> {
  const reply = await channel.post<{ result: { value?: T | null }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
    'Runtime.evaluate',
    { expression, returnByValue: true, silent: true },
  );
  if (reply.exceptionDetails) {
    const { text, exception } = reply.exceptionDetails;
    // text is only "Uncaught"; the error's own first line says what failed.
    const what = exception?.description?.split('\n')[0];
    throw new FluoroError('ERR_TRACE_DATA', `the main thread's trace recorder failed: ${what ?? text}`);
  }
  return reply.result.value ?? null;
}

/** bounded gives up on a reply after `ms`, with a message that says why it may never come. */
export function bounded(channel: InspectorChannel, ms: number): InspectorChannel {
  return {
    post<T>(method: string, params?: object): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new FluoroError(
              'ERR_TRACE_UNRESPONSIVE',
              `the main thread did not answer ${method} within ${ms / 1000} s: it is blocked outside JavaScript (a synchronous child process, a native addon, Atomics.wait)`,
            ),
          );
        }, ms);
        channel.post<T>(method, params).then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (err: unknown) => {
            clearTimeout(timer);
            reject(err);
          },
        );
      });
    },
    close: () => channel.close(),
  };
}
