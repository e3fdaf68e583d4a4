// -http=host:port as pprof reads it, except that an empty host means
// 127.0.0.1 rather than every interface: the UI shows source code and
// profile contents, so reaching it from the network must be asked for.

import { AnalyzerError } from '../errors.js';

/** HostPort is where the UI listens; port 0 lets the system choose. */
export interface HostPort {
  host: string;
  port: number;
}

/** parseHostPort splits -http's value ("host:port", ":port", "host:", "[::1]:8080"). */
export function parseHostPort(value: string): HostPort {
  const m = /^(\[[^\]]*\]|[^:]*):(\d*)$/.exec(value);
  if (!m) throw new AnalyzerError(`could not split http address: address ${value}: missing port in address`);
  let host = m[1].replace(/^\[(.*)\]$/, '$1');
  if (host === '' || host === 'localhost') host = '127.0.0.1';
  const port = m[2] === '' ? 0 : Number(m[2]);
  if (!Number.isInteger(port) || port > 65535) throw new AnalyzerError(`invalid port number: ${m[2]}`);
  return { host, port };
}
