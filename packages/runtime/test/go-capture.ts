// Reads the HTTP responses captured from Go 1.19's net/http/pprof
// (testdata/go/http, made by testdata/go/capture.sh): the reference our
// endpoint is compared with.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../../testdata/go/http/', import.meta.url));

/** HEADERS_COMPARED are the headers whose values must equal Go's; transport headers (Date, lengths, keep-alive) are not. */
export const HEADERS_COMPARED = ['content-type', 'content-disposition', 'x-content-type-options', 'x-go-pprof', 'location'];

/** goResponse returns Go's status, compared headers and body for a capture name. */
export function goResponse(name: string): { status: number; headers: Record<string, string>; body: string } {
  const head = readFileSync(`${dir}${name}.headers`, 'utf8').split(/\r?\n/);
  const status = Number(head[0].split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const key = line.slice(0, i).toLowerCase();
    if (HEADERS_COMPARED.includes(key)) headers[key] = line.slice(i + 1).trim();
  }
  let body = '';
  try {
    body = readFileSync(`${dir}${name}.body`, 'latin1');
  } catch {
    // Some captures (streamed profiles) keep headers only.
  }
  return { status, headers, body };
}

/** comparedHeaders picks the compared headers from a Node response. */
export function comparedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of HEADERS_COMPARED) {
    const v = headers[key];
    if (v !== undefined) out[key] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
