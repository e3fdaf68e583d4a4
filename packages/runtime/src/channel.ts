// An inspector channel to the thread whose profilers we drive. On the main
// thread it is a same-thread session; inside fluoro's listener worker it is a
// session connected to the main thread, so profiles can be started and read
// while the main thread is busy running a long callback.

import * as inspector from 'node:inspector';

/** InspectorChannel posts DevTools protocol commands and resolves with their results. */
export interface InspectorChannel {
  post<T = unknown>(method: string, params?: object): Promise<T>;
  close(): void;
}

/** SessionChannel is a channel over a whole inspector session, which also delivers the session's events (NodeWorker's). */
export interface SessionChannel extends InspectorChannel {
  on(event: string, listener: (message: { params: unknown }) => void): void;
}

function wrap(session: inspector.Session): SessionChannel {
  // A reply from another thread is not an event-loop handle: without a ref'd
  // handle of our own, a worker waiting only on replies would exit.
  let pending = 0;
  let keepAlive: NodeJS.Timeout | undefined;
  const settle = () => {
    if (--pending === 0) clearInterval(keepAlive);
  };
  return {
    post<T>(method: string, params?: object): Promise<T> {
      if (pending++ === 0) keepAlive = setInterval(() => {}, 1 << 30);
      return new Promise<T>((resolve, reject) => {
        // The session's typings are per-method overloads; the generic form is what we need here.
        (session.post as (m: string, p: object | undefined, cb: (err: Error | null, res: T) => void) => void)(
          method,
          params,
          (err, res) => {
            settle();
            if (err) reject(new Error(`inspector ${method}: ${err.message}`, { cause: err }));
            else resolve(res);
          },
        );
      });
    },
    on(event, listener) {
      session.on(event, listener as (message: inspector.InspectorNotification<object>) => void);
    },
    close() {
      session.disconnect();
    },
  };
}

/** sameThreadChannel connects to the calling thread's own inspector. */
export function sameThreadChannel(): SessionChannel {
  const session = new inspector.Session();
  session.connect();
  return wrap(session);
}

/** mainThreadChannel connects a worker thread to the main thread's inspector. */
export function mainThreadChannel(): SessionChannel {
  const session = new inspector.Session();
  session.connectToMainThread();
  return wrap(session);
}
