// DriverUI is where the driver's messages go, as pprof's plugin.UI: Print
// and PrintErr both reach stderr on the command line; the shell prints
// Print lines as its output. Library callers that give none get the lines
// collected.

/** DriverUI receives the driver's messages, one line per call. */
export interface DriverUI {
  print(line: string): void;
  printErr(line: string): void;
  /** progress shows a transient status line while waiting ('' clears it); optional. */
  progress?(text: string): void;
}

/** collectingUI returns a UI that appends every line to lines. */
export function collectingUI(lines: string[]): DriverUI {
  return { print: (l) => lines.push(l), printErr: (l) => lines.push(l) };
}
