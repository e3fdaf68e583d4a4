// How dot output names and colours things, as pprof's dotgraph does: short
// function names broken into lines at dots, escaping for dot's escString,
// and a grey-to-red (or grey-to-green for negative diffs) colour scale.

import { posix } from 'node:path';
import { nameComponents, type NodeInfo } from '../graph/nodeinfo.js';

const JAVA_RE = /^(?:[a-z]\w*\.)*([A-Z][\w$]*\.(?:<init>|[a-z][\w$]*(?:\$\d+)?))(?:(?:\()|$)/;
const GO_RE = /^(?:[\w\-.]+\/)+(.+)/;
const GO_VER_RE = /^(.*?)\/v(?:[2-9]|[1-9][0-9]+)([./].*)$/;
const CPP_RE = /^(?:[_a-zA-Z]\w*::)+(_*[A-Z]\w*::~?[_a-zA-Z]\w*(?:<.*>)?)/;
const CPP_ANON_RE = /^\(anonymous namespace\)::/g;

/** shortenFunctionName drops package paths, module versions and namespaces from a function name. */
export function shortenFunctionName(f: string): string {
  f = f.replace(CPP_ANON_RE, '');
  f = f.replace(GO_VER_RE, '$1$2');
  for (const re of [GO_RE, JAVA_RE, CPP_RE]) {
    const m = re.exec(f);
    if (m && m.length >= 2) return m.slice(1).map((x) => x ?? '').join('');
  }
  return f;
}

/** escapeForDot escapes quotes and backslashes, and turns newlines into dot's left-justified breaks. */
export function escapeForDot(s: string): string {
  return s.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\l');
}

/** multilinePrintableName is a node's dot label: short name, one part per line, file as a base name. */
export function multilinePrintableName(info: NodeInfo): string {
  let name = escapeForDot(shortenFunctionName(info.name));
  name = name.replaceAll('::', '\\n');
  // Go reports type parameters as "[...]": keep that ellipsis on one line.
  name = name.replaceAll('[...]', '[…]');
  name = name.replaceAll('.', '\\n');
  const copy: NodeInfo = { ...info, name, file: info.file !== '' ? posix.basename(info.file) : '' };
  return nameComponents(copy).join('\\n') + '\\n';
}

function byte(x: number): string {
  // Go converts through int64 and keeps the low byte.
  const v = Math.trunc(x) & 0xff;
  return v.toString(16).padStart(2, '0');
}

/**
 * dotColor maps a score in [-1, 1] to a colour: grey near 0, red towards 1,
 * green towards -1; light for backgrounds, dark for lines and borders.
 */
export function dotColor(score: number, isBackground: boolean): string {
  // Scores are pushed away from 0 so that small differences still show.
  const shift = 0.7;
  let saturation = isBackground ? 0.1 : 1.0;
  const value = isBackground ? 0.93 : 0.7;
  score = Math.max(-1.0, Math.min(1.0, score));
  if (Math.abs(score) < 0.2) saturation *= Math.abs(score) / 0.2;
  if (score > 0.0) score = Math.pow(score, 1.0 - shift);
  if (score < 0.0) score = -Math.pow(-score, 1.0 - shift);
  let r: number;
  let g: number;
  if (score < 0.0) {
    g = value;
    r = value * (1 + saturation * score);
  } else {
    r = value;
    g = value * (1 - saturation * score);
  }
  const b = value * (1 - saturation);
  return '#' + byte(r * 255.0) + byte(g * 255.0) + byte(b * 255.0);
}
