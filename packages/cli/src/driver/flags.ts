// Go's flag syntax, as pprof's command line uses it: -name or --name,
// -name=value, -name value (not for booleans), "--" ends the flags, and
// parsing stops at the first argument that is not a flag. Errors use the
// words of Go's flag package.

import { AnalyzerError } from '../errors.js';

/** FlagKind is the Go type of a flag. */
export type FlagKind = 'bool' | 'int' | 'float' | 'string';

/** FlagSpec declares one flag. */
export interface FlagSpec {
  kind: FlagKind;
  help: string;
}

/** FlagValues holds the flags given on the command line, by name. */
export type FlagValues = Map<string, boolean | number | string>;

/** goParseBool is Go's strconv.ParseBool, with undefined for its error. */
export function goParseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/**
 * goParseInt is Go's strconv.ParseInt(v, 0, 64), which int flags use: the
 * base from the prefix (0x, 0b, 0o, or a bare leading 0 for octal), digits
 * optionally separated by single underscores, undefined for its error.
 */
export function goParseInt(v: string): number | undefined {
  const m = /^([+-]?)(?:0[xX]((?:_?[0-9a-fA-F])+)|0[bB]((?:_?[01])+)|0[oO]?((?:_?[0-7])+)|([1-9](?:_?[0-9])*|0))$/.exec(v);
  if (!m) return undefined;
  const [base, digits] = m[2] ? [16, m[2]] : m[3] ? [2, m[3]] : m[4] ? [8, m[4]] : [10, m[5]];
  const n = Number.parseInt(digits.replaceAll('_', ''), base);
  if (!Number.isSafeInteger(n)) return undefined;
  return m[1] === '-' ? 0 - n : n;
}

/** goParseFloat is Go's strconv.ParseFloat for decimal numbers, inf and nan, with undefined for its error. */
export function goParseFloat(v: string): number | undefined {
  // Number() would also take " 5", "0x10" and "" (as 0), which Go refuses,
  // and refuse "inf" and "nan", which Go takes.
  if (/^nan$/i.test(v)) return NaN;
  const inf = /^([+-]?)(inf|infinity)$/i.exec(v);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return undefined;
  return Number(v);
}

function parseValue(name: string, kind: FlagKind, raw: string): boolean | number | string {
  const bad = () => new AnalyzerError(`invalid value "${raw}" for flag -${name}: parse error`, { code: 'ERR_FLAG' });
  switch (kind) {
    case 'bool': {
      const b = goParseBool(raw);
      if (b === undefined) throw bad();
      return b;
    }
    case 'int': {
      const n = goParseInt(raw);
      if (n === undefined) throw bad();
      return n;
    }
    case 'float': {
      const n = goParseFloat(raw);
      if (n === undefined) throw bad();
      return n;
    }
    case 'string':
      return raw;
  }
}

/** parseFlags parses args against specs and returns the flags and the remaining arguments. */
export function parseFlags(args: string[], specs: Map<string, FlagSpec>): { flags: FlagValues; rest: string[] } {
  const flags: FlagValues = new Map();
  let i = 0;
  while (i < args.length) {
    const a = args[i];
    if (a.length < 2 || a[0] !== '-') break;
    let body = a.slice(1);
    if (body[0] === '-') {
      body = body.slice(1);
      if (body === '') {
        i++;
        break;
      }
    }
    if (body === '' || body[0] === '-' || body[0] === '=') {
      throw new AnalyzerError(`bad flag syntax: ${a}`, { code: 'ERR_FLAG' });
    }
    i++;
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const spec = specs.get(name);
    if (!spec) {
      if (name === 'help' || name === 'h') throw new AnalyzerError('help requested', { code: 'ERR_HELP' });
      throw new AnalyzerError(`flag provided but not defined: -${name}`, { code: 'ERR_FLAG' });
    }
    if (eq >= 0) {
      flags.set(name, parseValue(name, spec.kind, body.slice(eq + 1)));
    } else if (spec.kind === 'bool') {
      flags.set(name, true);
    } else {
      if (i >= args.length) throw new AnalyzerError(`flag needs an argument: -${name}`, { code: 'ERR_FLAG' });
      flags.set(name, parseValue(name, spec.kind, args[i]));
      i++;
    }
  }
  return { flags, rest: args.slice(i) };
}
