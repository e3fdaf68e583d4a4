// URL sources, as Go's cmd/pprof fetcher handles them: which sources are
// URLs (Go's url.Parse rules, with "host:port/path" taken as http), the
// default path /debug/pprof/profile, -seconds written into the query, the
// timeout derived from the duration, and the download itself with Go's
// error wording ("server response: 404 Not Found", `Get "URL": dial tcp
// ...: connect: connection refused`).

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DEFAULT_MAX_BYTES } from '@fluoro/profile';

/** RemoteSource is a URL source after pprof's adjustments. */
export interface RemoteSource {
  url: string;
  /** The profile's duration in seconds from -seconds or the URL, or 0. */
  seconds: number;
  /** How long to wait for the response headers, in milliseconds (pprof: timeout + 5 s). */
  headerTimeoutMs: number;
}

interface GoURL {
  scheme: string;
  host: string;
}

// goParse follows the parts of Go's url.Parse that decide a source's scheme
// and host: a scheme is letters up to ':'; a host follows '//'; a colon in
// the first segment without a scheme, or a port that is not a number, is an
// error (undefined).
function goParse(s: string): GoURL | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s);
  let rest = s;
  let scheme = '';
  if (m) {
    scheme = m[1].toLowerCase();
    rest = s.slice(m[0].length);
  } else if (/^[^/?#]*:/.test(s)) {
    return undefined;
  }
  if (!rest.startsWith('//')) return { scheme, host: '' };
  let host = rest.slice(2).split(/[/?#]/)[0];
  host = host.slice(host.lastIndexOf('@') + 1);
  const port = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host);
  if (!port || (port[2] !== undefined && !/^[0-9]*$/.test(port[2]))) return undefined;
  return { scheme, host };
}

// goQueryEscape is Go's url.QueryEscape: unreserved characters stay, space is '+'.
function goQueryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** adjustURL returns the URL pprof fetches for a source, or undefined when the source is not a URL. */
export function adjustURL(source: string, seconds: number, timeout: number): RemoteSource | undefined {
  let target = source;
  let u = goParse(source);
  if (!u || (u.host === '' && u.scheme !== '' && u.scheme !== 'file')) {
    target = 'http://' + source;
    u = goParse(target);
  }
  if (!u || u.host === '') return undefined;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/debug/pprof/profile';
  const params = new Map<string, string[]>();
  for (const [k, v] of url.searchParams) params.set(k, [...(params.get(k) ?? []), v]);
  let duration = 0;
  if (seconds > 0) {
    params.set('seconds', [String(seconds)]);
    duration = seconds;
  } else {
    const s = params.get('seconds')?.[0] ?? '';
    if (/^[+-]?[0-9]+$/.test(s) && Math.abs(Number(s)) < 2 ** 31) duration = Number(s);
  }
  let t = timeout;
  if (t <= 0) t = duration > 0 ? duration * 1.5 : 60;
  const query = [...params.keys()]
    .sort()
    .flatMap((k) => params.get(k)!.map((v) => goQueryEscape(k) + '=' + goQueryEscape(v)))
    .join('&');
  url.search = '';
  url.hash = '';
  const href = url.href + (query !== '' ? '?' + query : '');
  return { url: href, seconds: Math.max(duration, 0), headerTimeoutMs: (t + 5) * 1000 };
}

// FetchError is a failed download, worded as Go words it.
class FetchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FetchError';
  }
}

function netError(url: URL, href: string, err: NodeJS.ErrnoException & { address?: string; port?: number }): FetchError {
  const port = err.port ?? (url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Go names the address it dialed (127.0.0.1:9 for localhost:9), which Node reports when it has one.
  const ip = err.address ?? host;
  const addr = ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
  let why: string;
  switch (err.code) {
    case 'ECONNREFUSED':
      why = `dial tcp ${addr}: connect: connection refused`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      why = `dial tcp: lookup ${host}: no such host`;
      break;
    case 'ETIMEDOUT':
      why = `dial tcp ${addr}: connect: connection timed out`;
      break;
    case 'EHOSTUNREACH':
      why = `dial tcp ${addr}: connect: no route to host`;
      break;
    case 'ENETUNREACH':
      why = `dial tcp ${addr}: connect: network is unreachable`;
      break;
    case 'ECONNRESET':
      why = 'EOF';
      break;
    default:
      why = err.message;
  }
  return new FetchError(`Get "${href}": ${why}`, { cause: err });
}

// readBody reads a response up to max bytes: a profile source is not
// allowed to make the analyzer hold an unbounded download.
async function readBody(res: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res) {
    n += (c as Buffer).length;
    if (n > max) {
      res.destroy();
      throw new FetchError(`parsing profile: response exceeds the limit of ${max} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

// Go's client follows these, up to 10 requests in all.
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// send makes one GET and waits, at most timeoutMs, for the response headers.
function send(url: URL, href: string, insecure: boolean, timeoutMs: number): Promise<IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new FetchError(`Get "${href}": unsupported protocol scheme "${url.protocol.slice(0, -1)}"`));
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, { method: 'GET', ...(insecure ? { rejectUnauthorized: false } : {}) }, resolve);
    const timer = setTimeout(() => {
      req.destroy(new FetchError(`Get "${href}": net/http: timeout awaiting response headers`));
    }, timeoutMs);
    req.on('response', () => clearTimeout(timer));
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err instanceof FetchError ? err : netError(url, href, err));
    });
    req.end();
  });
}

/**
 * fetchURL downloads a profile, following redirects as Go's client does.
 * The wait for the response headers is bounded, as in Go's client
 * (ResponseHeaderTimeout), not the whole download: a CPU profile's server
 * answers after the whole duration.
 */
export async function fetchURL(src: RemoteSource): Promise<Buffer> {
  let url: URL;
  let href = src.url;
  try {
    url = new URL(src.url);
  } catch (err) {
    throw new FetchError(`parse "${src.url}": invalid URL`, { cause: err });
  }
  let insecure = false;
  if (url.protocol === 'https+insecure:') {
    href = 'https:' + href.slice('https+insecure:'.length);
    url = new URL(href);
    insecure = true;
  }
  let res: IncomingMessage;
  for (let via = 0; ; via++) {
    res = await send(url, href, insecure, src.headerTimeoutMs);
    const loc = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || loc === undefined || loc === '') break;
    res.resume();
    if (via >= 9) throw new FetchError(`Get "${loc}": stopped after 10 redirects`);
    try {
      url = new URL(loc, url);
    } catch (err) {
      throw new FetchError(`Get "${href}": failed to parse Location header "${loc}"`, { cause: err });
    }
    href = url.href;
  }
  // Go waits for a stalled body forever; a source that stops sending gets
  // the header timeout again, counted from its last byte.
  res.setTimeout(src.headerTimeoutMs, () => {
    res.destroy(new FetchError(`Get "${href}": no data for ${src.headerTimeoutMs / 1000}s while reading the response body`));
  });
  const body = await readBody(res, DEFAULT_MAX_BYTES).catch((err: NodeJS.ErrnoException) => {
    throw err instanceof FetchError ? err : netError(url, href, err);
  });
  if (res.statusCode !== 200) {
    const status = `${res.statusCode} ${res.statusMessage ?? ''}`.trimEnd();
    const fromPprof = res.headers['x-go-pprof'] !== undefined && String(res.headers['content-type'] ?? '').includes('text/plain');
    // Go appends the body, newline and all; one line is kept here.
    if (fromPprof) throw new FetchError(`server response: ${status} - ${body.toString('utf8').trim()}`);
    throw new FetchError(`server response: ${status}`);
  }
  return body;
}
