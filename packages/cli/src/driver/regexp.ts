// pprof's regexps are Go's RE2; ours are JavaScript's. compileRegexp
// translates the RE2 spellings people use in -focus and friends into their
// JavaScript equivalents (leading (?i)/(?s)/(?m) flags, (?P<name>...),
// [[:alpha:]] classes, \A, \z, \Q...\E) and words the common syntax errors
// as Go does. What stays different is listed in packages/cli/README.md.

import { AnalyzerError } from '../errors.js';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

// translateRE2 rewrites RE2-only syntax into JavaScript's, returning the source and flags.
function translateRE2(re: string): { source: string; flags: string } {
  let flags = '';
  let s = re;
  const lead = /^\(\?([imsU]+)\)/.exec(s);
  if (lead && !lead[1].includes('U')) {
    flags = [...new Set(lead[1])].join('');
    s = s.slice(lead[0].length);
  }
  s = s.replace(/\\Q([\s\S]*?)(\\E|$)/g, (_, lit: string) => escapeLiteral(lit));
  s = s.replace(/\(\?P</g, '(?<');
  s = s.replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => {
    const cls = POSIX[name];
    if (!cls) return m;
    return neg ? `^${cls}` : cls;
  });
  // \A and \z only at the edges, where they mean ^ and $ without the m flag.
  if (s.startsWith('\\A')) s = '^' + s.slice(2);
  if (s.endsWith('\\z') && !s.endsWith('\\\\z')) s = s.slice(0, -2) + '$';
  return { source: s, flags };
}

// goWording maps JavaScript's message for a bad pattern to Go's code and
// the part of the pattern Go quotes.
function goWording(re: string, jsMessage: string): string {
  const m = jsMessage.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  let code = m;
  let expr = re;
  if (/Unterminated group/.test(m)) code = 'missing closing )';
  else if (/Unmatched '\)'/.test(m)) code = 'unexpected )';
  else if (/Unterminated character class/.test(m)) code = 'missing closing ]';
  else if (/Nothing to repeat/.test(m)) {
    const op = /^[*+?]|^\{\d*,?\d*\}/.exec(re.replace(/^\(\?[a-z]+\)/, ''));
    code = 'missing argument to repetition operator';
    expr = op ? op[0] : re;
  } else if (/Range out of order in character class/.test(m)) {
    code = 'invalid character class range';
    const r = /(.)-(.)/.exec(re.slice(re.indexOf('[')));
    if (r) expr = r[0];
  } else if (/numbers out of order/.test(m)) {
    code = 'invalid repeat count';
    const r = /\{\d*,?\d*\}/.exec(re);
    if (r) expr = r[0];
  } else if (/Invalid (escape|group)/.test(m)) {
    code = /escape/.test(m) ? 'invalid escape sequence' : 'invalid or unsupported Perl syntax';
  }
  return `error parsing regexp: ${code}: \`${expr}\``;
}

/** compileRegexp compiles an option's regexp; a bad one is an AnalyzerError "parsing NAME regexp: ...". */
export function compileRegexp(name: string, value: string): RegExp {
  const { source, flags } = translateRE2(value);
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new AnalyzerError(`parsing ${name} regexp: ${goWording(value, (err as Error).message)}`, { cause: err });
  }
}
