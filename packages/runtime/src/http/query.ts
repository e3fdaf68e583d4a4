// Query parameters read the way Go's handlers read them.

/** parseGoInt parses like strconv.ParseInt(s, 10, 64); undefined stands for Go's error. */
export function parseGoInt(s: string | null): number | undefined {
  if (s === null || !/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  // Beyond int64 Go reports a range error; beyond 2^53 we could not hold it exactly anyway.
  return Number.isSafeInteger(n) ? n : undefined;
}

/** atoi is Go's `n, _ := strconv.Atoi(s)`: 0 on any error. */
export function atoi(s: string | null): number {
  return parseGoInt(s) ?? 0;
}

/** requestQuery returns the query of a request URL. */
export function requestQuery(url: string | undefined): URLSearchParams {
  const q = (url ?? '').indexOf('?');
  return new URLSearchParams(q < 0 ? '' : (url ?? '').slice(q + 1));
}

/** parseGoFloat parses like strconv.ParseFloat(s, 64) for decimal input (digits, a point, an exponent; inf and nan by name); undefined stands for Go's error. */
export function parseGoFloat(s: string | null): number | undefined {
  if (s === null) return undefined;
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return undefined;
  return Number(s);
}
