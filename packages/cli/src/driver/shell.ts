// The interactive shell `fluoro pprof` enters without a report flag, as
// pprof's interactive(): a greeting with the profile's header lines, then
// one command per line: reports (read by shell-commands.ts), settings
// ("focus=main", "nodecount=5", sample type shortcuts, ":" to clear
// filters), "o" for the settings, "help", "quit". On a terminal it has readline history and pprof's tab
// completion; with piped input it writes the prompt to stdout and reads
// lines, as pprof does, so that scripted sessions print the same.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import { copyProfile, type WProfile } from '@fluoro/profile';
import { newReport } from '../report/report.js';
import { profileLabels } from '../report/labels.js';
import type { Config } from './options.js';
import { deliverReport } from './output.js';
import { prepareReport, runReport, sampleIndexByName } from './pprof.js';
import { configure, findSetting, isBoolSetting, optionsListing } from './settings.js';
import { completeLine, helpText, parseCommandLine } from './shell-commands.js';
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
        this.io.stderr(helpText(tokens.slice(1).join(' '), this.p.sampleType.map((t) => t.type)));
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

  private async report(cmd: string, cfg: Config): Promise<void> {
    const res = await runReport(copyProfile(this.p), cfg);
    if (cmd === 'web') {
      for (const w of res.warnings) this.io.stderr(w);
      const path = writeNewFile(tmpdir(), 'pprof', '.svg', Buffer.from(res.output));
      this.io.stderr(`Generating report in ${path}`);
      (this.io.open ?? defaultOpen(this.io.env ?? process.env))(path);
      return;
    }
    deliverReport(res, { terminal: true, stdout: (data) => this.io.stdout.write(data), stderr: this.io.stderr });
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
