// A minimal Go text/tabwriter with AlignRight, as pprof's -tags uses it
// (minwidth 0, tabwidth 0, padding 1, pad char ' '). Cells end at tabs; the
// text after a line's last tab is not aligned. A column's width is set per
// block of consecutive lines that have that column.

/** alignRight lays out tab-separated lines the way tabwriter.AlignRight does. */
export function alignRight(text: string, padding = 1): string {
  if (text === '') return '';
  const lines = text.split('\n');
  const hasTrailingNewline = lines[lines.length - 1] === '';
  if (hasTrailingNewline) lines.pop();
  const cells = lines.map((l) => l.split('\t'));
  const width = (s: string) => [...s].length;
  // widths[i][c] is the width of column c for line i.
  const widths: number[][] = cells.map(() => []);
  const maxCols = Math.max(0, ...cells.map((c) => c.length - 1));
  for (let c = 0; c < maxCols; c++) {
    let i = 0;
    while (i < cells.length) {
      if (cells[i].length - 1 <= c) {
        i++;
        continue;
      }
      let j = i;
      let w = 0;
      while (j < cells.length && cells[j].length - 1 > c) {
        w = Math.max(w, width(cells[j][c]) + padding);
        j++;
      }
      for (let k = i; k < j; k++) widths[k][c] = w;
      i = j;
    }
  }
  const out = cells.map((row, i) => {
    let s = '';
    for (let c = 0; c < row.length; c++) {
      if (c < row.length - 1) s += ' '.repeat(widths[i][c] - width(row[c])) + row[c];
      else s += row[c];
    }
    return s;
  });
  return out.join('\n') + (hasTrailingNewline ? '\n' : '');
}
