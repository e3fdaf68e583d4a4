// Maps V8 positions in transpiled or bundled JavaScript (tsc, esbuild,
// webpack output) back to the original source file, line and function name,
// so profiles name `src/orders.ts:42 computeTotal` instead of
// `dist/index.js:1:48213 f`.
//
// Maps are found the way Node finds them: the script's last
// `//# sourceMappingURL=` comment, either a data: URL (inline map) or a file
// next to the script. Their mappings are decoded into typed arrays
// (v8-mappings.ts); node:module's SourceMap class is used only for index
// maps (`sections`), so nothing here depends on a third-party package. Code
// a loader such as tsx compiled in memory has no comment on disk; its map is
// in Node's cache (findSourceMap), which answers only on the thread that
// loaded the module, or is handed in with addLoaderMap.
//
// Each script is read and parsed once, and each position is mapped once: a
// profile maps a few hundred distinct positions however many samples it has.
// The generated text of a mapped script is kept (V8 keeps it too) because the
// text tells which mapping names the function: V8 places a function at its
// parameter list, and the original name sits on the identifier before it.

import { createRequire, findSourceMap, SourceMap } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeMappings, segmentAt } from './v8-mappings.js';

// node:fs is required on first use: the runtime loads this module into every
// service at start-up, where an ESM import of fs costs about 1 MiB (it loads
// fs's lazy parts, such as its streams) before any frame is mapped.
let fsModule: typeof import('node:fs') | undefined;
function fs(): typeof import('node:fs') {
  fsModule ??= createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  return fsModule;
}

/** MappedFunction is where a function starts in its original source. */
export interface MappedFunction {
  name: string;
  /** Absolute path of the original file (or the map's source URL when it is not a file). */
  file: string;
  /** 1-based line. */
  line: number;
}

/** MappedLine is an original file and 1-based line. */
export interface MappedLine {
  file: string;
  line: number;
}

/** Lookup finds the mapping that covers a generated position on the same line. */
type Lookup = (line0: number, column0: number) => Entry | undefined;

interface ScriptMap {
  lookup: Lookup;
  /** The generated code, to find a line's first token and a function's name token. */
  text: string;
  /** Offsets where each generated line starts. */
  lineStarts: Int32Array;
  /** Resolved original file of each map source, by the map's source string. */
  sources: Map<string, string>;
  functions: Map<number, MappedFunction | null>;
  lines: Map<number, MappedLine | null>;
}

// How far back the name search looks from V8's function position: the
// identifier is next to the parameter list, or a few tokens before an arrow.
const NAME_SEARCH_STEPS = 6;
const NAME_SEARCH_CHARS = 200;

/** SourceMapperOptions says where problems with maps are told. */
export interface SourceMapperOptions {
  /**
   * onProblem hears, once per script, why a script that has a map is left
   * with its generated positions (a map file that cannot be read, JSON that
   * does not parse, a map without mappings). Defaults to a process warning
   * (code FLUORO_SOURCE_MAP), since a user whose .ts lines are missing needs
   * to know why.
   */
  onProblem?: (message: string) => void;
}

function warnOnce(message: string): void {
  process.emitWarning(message, { code: 'FLUORO_SOURCE_MAP' });
}

/** SourceMapper maps positions in scripts that have source maps; it caches everything it reads. */
export class SourceMapper {
  private readonly scripts = new Map<string, ScriptMap | null>();
  private readonly asked = new Set<string>();
  private readonly onProblem: (message: string) => void;

  constructor(options: SourceMapperOptions = {}) {
    this.onProblem = options.onProblem ?? warnOnce;
  }

  /**
   * functionAt maps a function given by V8's call frame fields (its name
   * and 0-based start line and column in the script at url) to its original
   * name, file and line; undefined when the script has no map or the position
   * is not mapped.
   */
  functionAt(url: string, name: string, line0: number, column0: number): MappedFunction | undefined {
    if (line0 < 0 || column0 < 0) return undefined;
    const script = this.script(url);
    if (script === undefined) return undefined;
    const key = positionKey(line0, column0);
    let found = script.functions.get(key);
    if (found === undefined) {
      found = mapFunction(script, name, line0, column0);
      script.functions.set(key, found);
    }
    return found ?? undefined;
  }

  /**
   * lineAt maps a 1-based line of the script at url to an original file and
   * line. Without a column (V8's per-line ticks have none) the line's first
   * token is used; in minified code, where one line holds many functions,
   * pass the function's own position as the column for its definition line.
   */
  lineAt(url: string, line1: number, column0?: number): MappedLine | undefined {
    if (line1 < 1) return undefined;
    const script = this.script(url);
    if (script === undefined) return undefined;
    const line0 = line1 - 1;
    const column = column0 ?? firstToken(script, line0);
    if (column < 0) return undefined;
    const key = positionKey(line0, column);
    let found = script.lines.get(key);
    if (found === undefined) {
      const entry = entryOnLine(script, line0, column);
      found = entry === undefined ? null : { file: originalFile(script, entry.originalSource), line: entry.originalLine + 1 };
      script.lines.set(key, found);
    }
    return found ?? undefined;
  }

  /** hasMap reports whether the script at url has a source map. */
  hasMap(url: string): boolean {
    return this.script(url) !== undefined;
  }

  /**
   * isUnmappedTypeScript reports whether url names a TypeScript file that V8
   * ran without a map this thread can see: a loader (tsx, ts-node) compiled
   * it in memory, so V8's lines are those of code that exists nowhere, and
   * must not be shown as lines of the .ts file.
   */
  isUnmappedTypeScript(url: string): boolean {
    return /\.[mc]?tsx?$/.test(url) && !this.hasMap(url);
  }

  /**
   * wantsLoaderMap reports, once per URL, whether the map of a TypeScript
   * file compiled in memory should be asked for (see addLoaderMap).
   */
  wantsLoaderMap(url: string): boolean {
    if (this.asked.has(url) || !this.isUnmappedTypeScript(url)) return false;
    this.asked.add(url);
    return true;
  }

  /**
   * addLoaderMap gives the mapper the map a loader (tsx, ts-node) registered
   * on another thread, for code that exists only in that thread's memory:
   * fluoro/listen converts profiles on its own thread, which cannot see it.
   */
  addLoaderMap(url: string, payload: unknown): void {
    try {
      this.scripts.set(url, scriptMap(payload as MapPayload, '', scriptPath(url) ?? url));
    } catch (err) {
      // The script stays as it was: file and function, no line.
      this.onProblem(problem(url, 'the map its loader registered is not usable', err));
    }
  }

  private script(url: string): ScriptMap | undefined {
    let s = this.scripts.get(url);
    if (s === undefined) {
      s = loadScriptMap(url, this.onProblem);
      this.scripts.set(url, s);
    }
    return s ?? undefined;
  }
}

// positionKey packs a position into one number: lines stay far below 2^21
// and columns below 2^32, so the product is exact.
function positionKey(line0: number, column0: number): number {
  return line0 * 0x1_0000_0000 + column0;
}

/** scriptPath is the file a V8 script URL names, or undefined for node: internals, eval code and remote URLs. */
export function scriptPath(url: string): string | undefined {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      // Not a problem to report: a file: URL Node cannot turn into a path here
      // (another host's, an encoded slash) names no script on this machine.
      return undefined;
    }
  }
  return isAbsolute(url) ? url : undefined;
}

// problem words why a script's map went unused, naming the script.
function problem(script: string, what: string, err: unknown): string {
  return `source map of ${script}: ${what} (${(err as Error).message}); its frames keep their generated positions`;
}

// loadScriptMap reads a script and its map. A script that cannot be read or
// has no usable map is remembered as null: profiles then keep its generated
// positions, which is what a user without maps expects. A script that is not
// on this machine is common (a profile read away from the service that made
// it) and is not a problem; a map that is named but cannot be used is one,
// and onProblem hears why.
function loadScriptMap(url: string, onProblem: (message: string) => void): ScriptMap | null {
  const path = scriptPath(url);
  if (path === undefined) return null;
  if (!fs().existsSync(path)) return fromNodeCache(url, path, undefined, onProblem);
  let text: string;
  try {
    text = fs().readFileSync(path, 'utf8');
  } catch (err) {
    onProblem(problem(path, 'the script cannot be read', err));
    return fromNodeCache(url, path, undefined, onProblem);
  }
  const comment = mapComment(text);
  if (comment === undefined) return fromNodeCache(url, path, text, onProblem);
  let payload: unknown;
  let base = path;
  try {
    if (comment.startsWith('data:')) {
      payload = JSON.parse(decodeDataUrl(comment));
    } else {
      base = comment.startsWith('file://') ? fileURLToPath(comment) : resolve(dirname(path), comment);
      payload = JSON.parse(fs().readFileSync(base, 'utf8'));
    }
  } catch (err) {
    onProblem(problem(path, `its map ${comment.startsWith('data:') ? '(inline)' : base} cannot be read`, err));
    return fromNodeCache(url, path, text, onProblem);
  }
  try {
    return scriptMap(payload as MapPayload, text, base);
  } catch (err) {
    onProblem(problem(path, 'its map is not a usable source map', err));
    return null;
  }
}

// fromNodeCache asks node:module for a map it holds: code a loader
// transformed in memory (tsx, ts-node) has no comment in the file on disk.
// Node resolves such maps' sources to absolute URLs already. The code it
// describes is not on disk either, so without the text, names and line
// starts cannot be checked and only exact positions are used.
function fromNodeCache(url: string, path: string, text: string | undefined, onProblem: (message: string) => void): ScriptMap | null {
  let map: SourceMap | undefined;
  try {
    map = findSourceMap(url) ?? findSourceMap(path);
  } catch (err) {
    onProblem(problem(path, "Node's cached map cannot be read", err));
    return null;
  }
  if (map === undefined) return null;
  try {
    // A loader's map describes the transformed code, not the file on disk.
    return scriptMap(map.payload as MapPayload, text !== undefined && mapComment(text) !== undefined ? text : '', path);
  } catch (err) {
    onProblem(problem(path, "Node's cached map is not a usable source map", err));
    return null;
  }
}

/** MapPayload is the part of a Source Map v3 document that is read. */
interface MapPayload {
  sourceRoot?: string;
  sources?: (string | null)[];
  names?: string[];
  mappings?: string;
  sections?: unknown[];
}

function scriptMap(payload: MapPayload, text: string, base: string): ScriptMap {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const root = payload.sourceRoot ?? '';
  const sources = new Map<string, string>();
  const lookup = Array.isArray(payload.sections) ? nodeLookup(payload) : typedLookup(payload);
  for (const s of payload.sources ?? []) if (typeof s === 'string') sources.set(s, resolveSource(root, s, base));
  return { lookup, text, lineStarts: Int32Array.from(starts), sources, functions: new Map(), lines: new Map() };
}

// typedLookup answers from the decoded mappings.
function typedLookup(payload: MapPayload): Lookup {
  if (typeof payload.mappings !== 'string') throw new TypeError('source map: no mappings');
  const m = decodeMappings(payload.mappings);
  const sources = payload.sources ?? [];
  const names = payload.names ?? [];
  return (line0, column0) => {
    const i = segmentAt(m, line0, column0);
    if (i < 0) return undefined;
    const source = sources[m.source[i]];
    if (typeof source !== 'string') return undefined;
    const name = m.name[i] >= 0 ? names[m.name[i]] : undefined;
    return {
      generatedLine: line0,
      generatedColumn: m.column[i],
      originalSource: source,
      originalLine: m.originalLine[i],
      originalColumn: m.originalColumn[i],
      ...(typeof name === 'string' ? { name } : {}),
    };
  };
}

// nodeLookup serves index maps (a list of `sections`, rare outside some
// bundlers' concatenations) with node:module's SourceMap; its findEntry may
// answer from an earlier line, which is not this line's mapping.
function nodeLookup(payload: MapPayload): Lookup {
  const map = new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]);
  return (line0, column0) => {
    const e = map.findEntry(line0, column0) as Partial<Entry>;
    if (e.originalSource === undefined || e.generatedLine !== line0) return undefined;
    return e as Entry;
  };
}

// resolveSource turns a map's source entry into the path users know: map
// sources are URLs relative to the map file (after sourceRoot).
function resolveSource(root: string, source: string, base: string): string {
  const joined = root === '' ? source : root.endsWith('/') ? root + source : `${root}/${source}`;
  try {
    const url = new URL(joined, pathToFileURL(base));
    if (url.protocol === 'file:') return fileURLToPath(url);
    return url.protocol === 'webpack:' ? (webpackFile(url, base) ?? url.href) : url.href;
  } catch {
    // Not a problem to report: a source that is no URL (some tools write bare
    // labels) or no path here is shown as the map writes it.
    return joined;
  }
}

// webpackFile finds the file behind webpack's `webpack://NAME/./src/x.ts`:
// the path is relative to the project, which is the map's folder or one of
// its parents (dist/, build/static/js/, ...), so the nearest that has the file wins.
function webpackFile(url: URL, base: string): string | undefined {
  const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '').replace(/^\.\//, '');
  if (rel === '' || rel.startsWith('webpack/') || rel.includes('/node_modules/webpack/')) return undefined;
  let dir = dirname(base);
  for (let i = 0; i < 6; i++) {
    const candidate = resolve(dir, rel);
    if (fs().existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function originalFile(script: ScriptMap, source: string): string {
  return script.sources.get(source) ?? source;
}

// mapComment finds the last sourceMappingURL comment, which is the one that
// counts when bundles concatenate scripts that had their own.
function mapComment(text: string): string | undefined {
  const re = /\/[*/][#@]\s*sourceMappingURL=([^\s*'"]+)/g;
  let last: string | undefined;
  // Only the tail can hold the live comment, and bundles are large.
  const tail = text.length > 1 << 20 ? text.slice(text.lastIndexOf('sourceMappingURL=') - 4) : text;
  for (let m = re.exec(tail); m !== null; m = re.exec(tail)) last = m[1];
  return last;
}

function decodeDataUrl(url: string): string {
  const comma = url.indexOf(',');
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  return meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
}

interface Entry {
  generatedLine: number;
  generatedColumn: number;
  originalSource: string;
  originalLine: number;
  originalColumn: number;
  name?: string;
}

// entryOnLine is the mapping at or before a position on the same generated line.
function entryOnLine(script: ScriptMap, line0: number, column0: number): Entry | undefined {
  return script.lookup(line0, column0);
}

function mapFunction(script: ScriptMap, name: string, line0: number, column0: number): MappedFunction | null {
  const start = entryOnLine(script, line0, column0);
  if (start === undefined) return null;
  return {
    name: originalName(script, name, line0, afterKeywords(script, line0, column0)) ?? name,
    file: originalFile(script, start.originalSource),
    line: start.originalLine + 1,
  };
}

// originalName finds the mapping of the function's own identifier: the
// nearest mapped token before V8's position whose generated text is V8's
// name for the function. A mapping right at the position is a parameter
// (`c=t=>...` puts V8 on `t`), so text, not nearness, decides.
function originalName(script: ScriptMap, name: string, line0: number, column0: number): string | undefined {
  if (name === '' || script.text === '') return undefined;
  const lineStart = script.lineStarts[line0];
  if (lineStart === undefined) return undefined;
  let column = column0;
  for (let step = 0; step < NAME_SEARCH_STEPS && column >= 0 && column0 - column <= NAME_SEARCH_CHARS; step++) {
    const e = entryOnLine(script, line0, column);
    if (e === undefined) return undefined;
    const at = lineStart + e.generatedColumn;
    if (script.text.startsWith(name, at) && !isIdentifierChar(script.text.charCodeAt(at + name.length))) {
      return e.name;
    }
    column = e.generatedColumn - 1;
  }
  return undefined;
}

// afterKeywords moves a position on `async function* name(` to `name`: a
// captured stack gives a declaration's start at its first keyword, where a
// CPU profile gives the parameter list; the name search looks back from
// there.
function afterKeywords(script: ScriptMap, line0: number, column0: number): number {
  const lineStart = script.lineStarts[line0];
  if (lineStart === undefined || script.text === '') return column0;
  const m = DECLARATION_KEYWORDS.exec(script.text.slice(lineStart + column0, lineStart + column0 + 40));
  return m === null ? column0 : column0 + m[0].length;
}

const DECLARATION_KEYWORDS = /^(?:async\s+)?function\b\s*(?:\*\s*)?/;

function isIdentifierChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 36 || c === 95 || c > 127;
}

// firstToken is the column of a generated line's first non-blank character,
// where its mapping normally starts. Without the text (code a loader
// transformed in memory) the line's last mapping stands in: unminified
// output keeps one statement's tokens on one line.
function firstToken(script: ScriptMap, line0: number): number {
  if (script.text === '') return 0x7fff_ffff;
  const start = script.lineStarts[line0];
  if (start === undefined) return -1;
  const end = line0 + 1 < script.lineStarts.length ? script.lineStarts[line0 + 1] : script.text.length;
  for (let i = start; i < end; i++) {
    const c = script.text.charCodeAt(i);
    if (c !== 32 && c !== 9) return i - start;
  }
  return 0;
}
