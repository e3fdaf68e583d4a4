// The shell's report commands, as pprof's interactive shell reads them:
// "top10 -cum", "list REGEX", "peek", "traces", "tags", "web" and the
// rest, each with pprof's help text; a command line's words (n, >file,
// -cum, focus and -ignore regexps); tab completion; and "help".

import { REPORTS, reportSpec, type ReportName } from '../report/generate.js';
import type { Config } from './options.js';
import { CHOICE_HELP, findSetting, SETTINGS } from './settings.js';

interface Help {
  description: string;
  usage?: string;
}

interface Command extends Help {
  /** The report the command prints. */
  report: ReportName;
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

const DESCRIPTIONS: Record<ReportName | 'web', Help> = {
  dot: { description: 'Outputs a graph in DOT format', usage: reportHelp('dot', false, true) },
  list: { description: 'Output annotated source for functions matching regexp', usage: listHelp('list') },
  peek: { description: 'Output callers/callees of functions matching regexp', usage: 'peek func_regex\nDisplay callers and callees of functions matching func_regex.' },
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

// COMMANDS are the shell's report commands: every report fluoro has, plus
// "web", the SVG graph opened in a browser.
const COMMANDS = new Map<string, Command>([
  ...REPORTS.map((r): [string, Command] => [r, { report: r, ...DESCRIPTIONS[r] }]),
  ['web', { report: 'svg', ...DESCRIPTIONS.web }],
]);

function commandHelpText(c: Command): string {
  let m = c.description + '\n';
  if (c.usage) m += '  Usage:\n' + c.usage.split('\n').map((l) => `    ${l}\n`).join('');
  return m + '\n';
}

// shellUsage is the shell's "help" text, laid out as pprof's.
function shellUsage(): string {
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

/** helpText is the shell's answer to "help ARG" ("help" alone when arg is ""). */
export function helpText(arg: string, sampleTypes: string[]): string {
  if (arg === '') return shellUsage();
  const c = COMMANDS.get(arg);
  if (c) return commandHelpText(c);
  // pprof's help texts end in a newline, except the one-line ones it wrote as plain strings.
  const end = PLAIN_HELP.has(arg) ? '\n' : '\n\n';
  const s = SETTINGS.find((x) => x.name === arg);
  if (s) {
    let h = s.help;
    if (s.name === 'sample_index') h += `\nOr use sample_index=name, with name in [${sampleTypes.join(' ')}].`;
    return h + end;
  }
  if (CHOICE_HELP[arg]) return CHOICE_HELP[arg] + end;
  return 'Unknown command: ' + arg;
}

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
  const spec = reportSpec(c.report);
  const cfg: Config = { ...current, report: c.report };
  if (spec.hasParam) {
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
  if (spec.tagWords) {
    if (focus !== '') cfg.tagFocus = focus;
    if (ignore !== '') cfg.tagIgnore = ignore;
  } else {
    if (focus !== '') cfg.focus = focus;
    if (ignore !== '') cfg.ignore = ignore;
  }
  if (cfg.nodeCount === -1 && spec.shellNodeCount !== undefined) cfg.nodeCount = spec.shellNodeCount;
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
  const c = COMMANDS.get(tokens[0]);
  if (tokens.length >= 2 && c && !reportSpec(c.report).tagWords) {
    const last = tokens[tokens.length - 1];
    const done = last.startsWith('-') ? '-' + fnComplete(last.slice(1)) : fnComplete(last);
    return [...tokens.slice(0, -1), done].join(' ');
  }
  return line;
}
