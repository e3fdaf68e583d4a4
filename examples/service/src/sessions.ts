// Sessions: the memory problem of the example. Every session is kept
// forever, with a scratch buffer nobody reads.

import type { IncomingMessage } from 'node:http';

interface Session {
  headers: Record<string, string | string[] | undefined>;
  seen: number;
  scratch: number[];
}

const sessions: Session[] = [];

/** rememberSession stores the request's session and returns how many there are. */
export function rememberSession(req: IncomingMessage): number {
  // The leak: nothing ever removes a session.
  sessions.push({ headers: { ...req.headers }, seen: Date.now(), scratch: new Array<number>(2048).fill(sessions.length) });
  return sessions.length;
}
