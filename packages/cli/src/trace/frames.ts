// Frames as a trace writes them: one string "function file:line". The
// function name may hold spaces ("get total", and the synthetic leaves of
// waits: "http GET host:port/path", "fs.open (threadpool)"), and so may a
// file path, so the split looks for where a path starts (/, node:, a drive
// letter, a URL scheme) before falling back to the last space.

/** TraceFrame is a frame string split into its parts; file is "" and line 0 for frames without a place. */
export interface TraceFrame {
  name: string;
  file: string;
  line: number;
}

const WITH_PATH = /^(.*?) ((?:\/|\\\\|node:|[A-Za-z]:[\\/]|[a-z][a-z0-9+.-]*:\/\/).*):(\d+)$/;
const LAST_SPACE = /^(.*) (\S+):(\d+)$/;

/** parseFrame splits "function file:line" into its parts. */
export function parseFrame(frame: string): TraceFrame {
  const m = WITH_PATH.exec(frame) ?? LAST_SPACE.exec(frame);
  if (m === null) return { name: frame, file: '', line: 0 };
  return { name: m[1], file: m[2], line: Number(m[3]) };
}

/** isAppFrame reports whether a frame is the application's own code: it has a file, not one of Node's (node:) nor a dependency's (node_modules). */
export function isAppFrame(frame: string): boolean {
  const f = parseFrame(frame);
  return f.file !== '' && !f.file.startsWith('node:') && !/[/\\]node_modules[/\\]/.test(f.file);
}

/** appFrame is the first application frame of a stack (leaf first), else its first frame with a file, else its leaf, else "". */
export function appFrame(stack: string[]): string {
  return stack.find(isAppFrame) ?? stack.find((f) => parseFrame(f).file !== '') ?? stack[0] ?? '';
}
