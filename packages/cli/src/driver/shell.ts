// The interactive shell `fluoro pprof` enters without a report flag, as
// pprof's interactive(): a greeting with the profile's header lines, then
// one command per line: reports ("top10 -cum", "list REGEX", "peek",
// "traces", "tags", "web"), settings ("focus=main", "nodecount=5",
// sample type shortcuts, ":" to clear filters), "o" for the settings,
// "help", "quit". On a terminal it has readline history and pprof's tab
// completion; with piped input it writes the prompt to stdout and reads
// lines, as pprof does, so that scripted sessions print the same.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import { copyProfile } from '../profileops/copy.js';
import type { WProfile } from '../profileops/model.js';
import { newReport } from '../report/report.js';
import { profileLabels } from '../report/labels.js';
import { writeOutputFile } from './files.js';
import { FLAG_SPECS, REPORTS, type Config, type ReportName } from './options.js';
import { finishReport, generateReport, prepareReport, sampleIndexByName, type PprofResult } from './pprof.js';
import { CHOICE_HELP, configure, findSetting, isBoolSetting, optionsListing, SETTINGS } from './settings.js';
import { writeNewFile } from './tempfile.js';

/** ShellIO is where the shell reads commands and writes reports and messages. */
export interface ShellIO {
  input: NodeJS.ReadableStream;
  /** Reports (and, on piped input, the prompt). */
  stdout: NodeJS.WritableStream;
  /** Messages, one line per call (pprof's UI.Print and PrintErr). */
  stderr: (line: string) => void;
  /** Use readline's terminal mode: line editing, history, completion, prompt on stderrStream. */
  terminal: boolean;
  stderrStream?: NodeJS.WritableStream;
  /** Open a file (an SVG for "web") for the user; defaults to $BROWSER or xdg-open when a display is set. */
  open?: (path: string) => void;
  env?: NodeJS.ProcessEnv;
  /** On a terminal, where the command history is kept between sessions (most recent last, one per line). */
  historyFile?: string;
}

interface Command {
  description: string;
  hasParam?: boolean;
  usage?: string;
}

function reportHelp(c: string, cum: boolean, redirect: boolean): string {
  const h = [c + ' [n] [focus_regex]* [-ignore_regex]*', 'Include up to n samples', 'Include samples matching focus_regex, and exclude ignore_regex.'];
  if (cum) {
    h[0] += ' [-cum]';
    h.push('-cum sorts the output by cumulative weight');
  }
  if (redirect) {
    h[0] += ' >f';
    h.push('Optionally save the report on the file f');
  }
  return h.join('\n');
}

function listHelp(c: string): string {
  return [c + '<func_regex|address> [-focus_regex]* [-ignore_regex]*', 'Include functions matching func_regex, or including the address specified.', 'Include samples matching focus_regex, and exclude ignore_regex.'].join('\n');
}

const DESCRIPTIONS: Record<string, Command> = {
  dot: { description: 'Outputs a graph in DOT format', usage: reportHelp('dot', false, true) },
  list: { description: 'Output annotated source for functions matching regexp', hasParam: true, usage: listHelp('list') },
  peek: { description: 'Output callers/callees of functions matching regexp', hasParam: true, usage: 'peek func_regex\nDisplay callers and callees of functions matching func_regex.' },
  raw: { description: 'Outputs a text representation of the raw profile' },
  tags: { description: 'Outputs all tags in the profile', usage: 'tags [tag_regex]* [-ignore_regex]* [>file]\nList tags with key:value matching tag_regex and exclude ignore_regex.' },
  text: { description: 'Outputs top entries in text form', usage: reportHelp('text', true, true) },
  top: { description: 'Outputs top entries in text form', usage: reportHelp('top', true, true) },
  traces: { description: 'Outputs all profile samples in text form' },
  tree: { description: 'Outputs a text rendering of call graph', usage: reportHelp('tree', true, true) },
  proto: { description: 'Outputs the profile in compressed protobuf format' },
  svg: { description: 'Outputs a graph in SVG format', usage: reportHelp('svg', false, true) },
  web: { description: 'Visualize graph through web browser', usage: reportHelp('web', false, false) },
  collapsed: { description: 'Outputs folded stacks (root;caller;leaf value)' },
};

/** COMMANDS are the shell's report commands: every report fluoro has, plus "web". */
export const COMMANDS = new Map<string, Command>(
  [...REPORTS, 'web'].map((r) => [r, DESCRIPTIONS[r] ?? { description: FLAG_SPECS.get(r)?.help ?? r, hasParam: FLAG_SPECS.get(r)?.kind === 'string' }]),
);

function commandHelpText(name: string, c: Command): string {
  let m = c.description + '\n';
  if (c.usage) m += '  Usage:\n' + c.usage.split('\n').map((l) => `    ${l}\n`).join('');
  return m + '\n';
}

/** shellUsage is the shell's "help" text, laid out as pprof's. */
export function shellUsage(): string {
  const fmt = (c: string, d: string) => `    ${c.padEnd(16)} ${d.split('\n')[0]}`;
  const commands = [...COMMANDS].map(([n, c]) => fmt(n, c.description)).sort();
  commands.push(fmt('o/options', 'List options and their current values'), fmt('q/quit/exit/^D', 'Exit pprof'));
  const vars = SETTINGS.filter((s) => !s.choices).map((s) => fmt(s.name, s.help)).sort();
  const groups = SETTINGS.filter((s) => s.choices)
    .map((s) => [fmt(s.name, ''), ...s.choices!.map((c) => '  ' + fmt(c, CHOICE_HELP[c] ?? ''))].join('\n'))
    .sort();
  return (
    '  Commands:\n' + commands.join('\n') + '\n\n  Options:\n' + vars.join('\n') +
    '\n\n  Option groups (only set one per group):\n' + groups.join('\n') +
    '\n  :   Clear focus/ignore/hide/tagfocus/tagignore\n\n  type "help <cmd|option>" for more information\n'
  );
}

const PLAIN_HELP = new Set(['compact_labels', 'source_path', 'trim_path', 'nodefraction', 'edgefraction', 'files', 'lines']);

function catRegex(a: string, b: string): string {
  return a !== '' && b !== '' ? a + '|' + b : a + b;
}

/** parseCommandLine is pprof's: the command, its regexp, then n, >file, -cum, focus and -ignore words. */
export function parseCommandLine(tokens: string[], current: Config): { name: string; cfg: Config } {
  let name = tokens[0];
  let args = tokens.slice(1);
  let c = COMMANDS.get(name);
  if (!c) {
    const d = /[0-9]+$/.exec(name)?.[0];
    if (d && d !== name) {
      name = name.slice(0, -d.length);
      args = [d, ...args];
      c = COMMANDS.get(name);
    }
  }
  if (!c) {
    if (findSetting(name)?.name === name || (findSetting(name) && name in CHOICE_HELP)) {
      throw new Error(`did you mean: ${name}=${args[0] ?? '<val>'}`);
    }
    throw new Error(`unrecognized command: ${JSON.stringify(name)}`);
  }
  const cfg: Config = { ...current, report: name === 'web' ? 'svg' : (name as ReportName) };
  if (c.hasParam) {
    if (args.length === 0) throw new Error(`command ${name} requires an argument`);
    cfg.symbol = args[0];
    args = args.slice(1);
  }
  let focus = '';
  let ignore = '';
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    if (/^[+-]?[0-9]+$/.test(t) && Math.abs(Number(t)) < 2 ** 31) {
      cfg.nodeCount = Number(t);
      continue;
    }
    if (t[0] === '>') {
      let out = t.slice(1);
      if (out === '') {
        i++;
        if (i >= args.length) throw new Error('unexpected end of line after >');
        out = args[i];
      }
      cfg.output = out;
    } else if (t[0] === '-') {
      if (t === '--cum' || t === '-cum') cfg.sort = 'cum';
      else ignore = catRegex(ignore, t.slice(1));
    } else {
      focus = catRegex(focus, t);
    }
  }
  if (name === 'tags') {
    if (focus !== '') cfg.tagFocus = focus;
    if (ignore !== '') cfg.tagIgnore = ignore;
  } else {
    if (focus !== '') cfg.focus = focus;
    if (ignore !== '') cfg.ignore = ignore;
  }
  if (cfg.nodeCount === -1 && (name === 'text' || name === 'top')) cfg.nodeCount = 10;
  return { name, cfg };
}

/** completeLine is pprof's completer: command and option names, then function names for a report's arguments. */
export function completeLine(line: string, functionNames: string[]): string {
  const tokens = line.trim().split(/\s+/).filter((t) => t !== '');
  const matchName = (token: string): string => {
    const t = token.toLowerCase();
    const names = [...COMMANDS.keys(), ...SETTINGS.flatMap((s) => [s.name, ...(s.choices ?? [])])];
    const m = names.filter((n) => n.startsWith(t));
    return m.length === 1 ? m[0] : '';
  };
  const fnComplete = (sub: string): string => {
    const found = functionNames.filter((f) => f.includes(sub));
    return found.length === 1 ? found[0] : sub;
  };
  if (tokens.length === 1) return matchName(tokens[0]) || line;
  if (tokens.length === 2 && tokens[0] === 'help') {
    const m = matchName(tokens[1]);
    return m ? `help ${m}` : line;
  }
  if (tokens.length >= 2 && COMMANDS.has(tokens[0]) && tokens[0] !== 'tags') {
    const last = tokens[tokens.length - 1];
    const done = last.startsWith('-') ? '-' + fnComplete(last.slice(1)) : fnComplete(last);
    return [...tokens.slice(0, -1), done].join(' ');
  }
  return line;
}

function shortcuts(p: WProfile): Map<string, string[]> {
  const m = new Map<string, string[]>([[':', ['focus=', 'ignore=', 'hide=', 'tagfocus=', 'tagignore=']]]);
  for (const st of p.sampleType) {
    const cmd = `sample_index=${st.type}`;
    m.set(st.type, [cmd]);
    m.set('total_' + st.type, ['mean=0', cmd]);
    m.set('mean_' + st.type, ['mean=1', cmd]);
  }
  return m;
}

function defaultOpen(env: NodeJS.ProcessEnv): (path: string) => void {
  return (path) => {
    const cmds = [env.BROWSER, env.DISPLAY ? 'xdg-open' : undefined].filter((c): c is string => !!c);
    if (cmds.length === 0) return;
    const [bin, ...args] = cmds[0].split(' ');
    const child = spawn(bin, [...args, path], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  };
}

/** Shell holds the state of one session: the profile, the settings, the output. */
class Shell {
  private readonly cfg: Config;
  private readonly shortcuts: Map<string, string[]>;
  constructor(private readonly p: WProfile, cfg: Config, private readonly io: ShellIO) {
    this.cfg = { ...cfg, report: undefined, compactLabels: true };
    this.shortcuts = shortcuts(p);
  }

  greet(): void {
    try {
      const prep = prepareReport(copyProfile(this.p), { ...this.cfg, report: 'top', focus: '', ignore: '', hide: '', show: '', showFrom: '', tagFocus: '', tagIgnore: '' });
      const rpt = newReport(this.p, prep.rpt.options);
      this.io.stderr(profileLabels(rpt).join('\n'));
      if (rpt.total === 0 && this.p.sampleType.length > 1) {
        this.io.stderr('No samples were found with the default sample value type.');
        this.io.stderr('Try "sample_index" command to analyze different sample values.\n');
      }
    } catch {
      // pprof skips the header lines when the options do not fit the profile.
    }
    this.io.stderr('Entering interactive mode (type "help" for commands, "o" for options)');
  }

  /** run executes one input line; it returns false for quit. */
  async run(line: string): Promise<boolean> {
    const input = line.trim();
    for (const cmd of this.shortcuts.get(input) ?? [input]) {
      if (!(await this.one(cmd))) return false;
    }
    return true;
  }

  private async one(input: string): Promise<boolean> {
    const eq = input.indexOf('=');
    const name = (eq >= 0 ? input.slice(0, eq) : input).trim();
    if (findSetting(name)) {
      let value = '';
      if (eq >= 0) {
        value = input.slice(eq + 1);
        const c = value.lastIndexOf('//:');
        if (c >= 0) value = value.slice(0, c);
        value = value.trim();
      }
      if (eq < 0 && !isBoolSetting(name)) {
        this.io.stderr(`please specify a value, e.g. ${name}=<val>`);
        return true;
      }
      try {
        if (name === 'sample_index') value = this.p.sampleType[sampleIndexByName(this.p, value)].type;
        configure(this.cfg, name, value);
      } catch (err) {
        this.io.stderr((err as Error).message);
      }
      return true;
    }
    const tokens = input.split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0) return true;
    switch (tokens[0]) {
      case 'o':
      case 'options':
        this.io.stderr(optionsListing(this.cfg, this.p.sampleType.map((t) => t.type)));
        return true;
      case 'exit':
      case 'quit':
      case 'q':
        return false;
      case 'help':
        this.help(tokens.slice(1).join(' '));
        return true;
    }
    try {
      const { name: cmd, cfg } = parseCommandLine(tokens, this.cfg);
      await this.report(cmd, cfg);
    } catch (err) {
      this.io.stderr((err as Error).message.split('\n')[0]);
    }
    return true;
  }

  private help(arg: string): void {
    if (arg === '') return this.io.stderr(shellUsage());
    const c = COMMANDS.get(arg);
    if (c) return this.io.stderr(commandHelpText(arg, c));
    // pprof's help texts end in a newline, except the one-line ones it wrote as plain strings.
    const end = (name: string) => (PLAIN_HELP.has(name) ? '\n' : '\n\n');
    const s = SETTINGS.find((x) => x.name === arg);
    if (s) {
      let h = s.help;
      if (s.name === 'sample_index') h += `\nOr use sample_index=name, with name in [${this.p.sampleType.map((t) => t.type).join(' ')}].`;
      return this.io.stderr(h + end(arg));
    }
    if (CHOICE_HELP[arg]) return this.io.stderr(CHOICE_HELP[arg] + end(arg));
    this.io.stderr('Unknown command: ' + arg);
  }

  private async report(cmd: string, cfg: Config): Promise<void> {
    const res: PprofResult = await finishReport(generateReport(copyProfile(this.p), cfg));
    for (const w of res.warnings) this.io.stderr(w);
    const data = res.binary ?? res.output;
    if (cmd === 'web') {
      const path = writeNewFile(tmpdir(), 'pprof', '.svg', Buffer.from(data));
      this.io.stderr(`Generating report in ${path}`);
      (this.io.open ?? defaultOpen(this.io.env ?? process.env))(path);
      return;
    }
    if (res.file !== '') {
      this.io.stderr(`Generating report in ${res.file}`);
      writeOutputFile(res.file, data);
      return;
    }
    // pprof's awayFromTTY: in the shell, binary and SVG output goes to a file.
    if (res.binary || cfg.report === 'svg') {
      const path = writeNewFile('.', 'profile', res.binary ? '.pb.gz' : '.svg', Buffer.from(data));
      this.io.stderr(`Generating report in ${path}`);
      return;
    }
    this.io.stdout.write(data);
  }
}

const HISTORY_SIZE = 1000;

// loadHistory reads the history file, newest line last, into readline's
// order (newest first); a missing or unreadable file is an empty history.
function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

function saveHistory(file: string, history: string[]): void {
  try {
    writeFileSync(file, [...history].reverse().join('\n') + '\n', { mode: 0o600 });
  } catch {
    // History is a convenience: a read-only home must not stop the shell.
  }
}

/** runShell runs pprof's interactive shell on a profile until quit or the end of input. */
export async function runShell(p: WProfile, cfg: Config, io: ShellIO): Promise<void> {
  const shell = new Shell(p, cfg, io);
  shell.greet();
  const names = p.function.map((f) => f.name);
  const prompt = '(pprof) ';
  let rl: Interface;
  if (io.terminal) {
    const historyFile = io.historyFile;
    rl = createInterface({
      history: historyFile ? loadHistory(historyFile) : [],
      input: io.input,
      output: io.stderrStream ?? process.stderr,
      terminal: true,
      historySize: HISTORY_SIZE,
      prompt,
      completer: (line: string) => {
        const done = completeLine(line, names);
        return [done !== line ? [done] : [], line];
      },
    });
    if (historyFile) rl.on('history', (h: string[]) => saveHistory(historyFile, h));
    rl.prompt();
  } else {
    rl = createInterface({ input: io.input, terminal: false });
    io.stdout.write(prompt);
  }
  try {
    for await (const line of rl) {
      if (!(await shell.run(line))) return;
      if (io.terminal) rl.prompt();
      else io.stdout.write(prompt);
    }
  } finally {
    rl.close();
  }
}
