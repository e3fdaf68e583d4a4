// Go's text/tabwriter, as Go's profile texts use it: the debug=1 formats of
// runtime/pprof (minwidth 1, tabwidth 8, padding 1, tabs as padding) and
// pprof's -tags report (minwidth 0, padding 1, spaces, AlignRight). Cells
// end at tabs; the text after a line's last tab is not aligned. A column's
// width is set per block of consecutive lines that have that column, which
// is what makes Go's output line up the way it does when lines have
// different numbers of cells.

/** TabwriterOptions are text/tabwriter.NewWriter's parameters that Go's profile texts use. */
export interface TabwriterOptions {
  minWidth: number;
  /** The width a tab stands for when padding with tabs. */
  tabWidth: number;
  padding: number;
  padChar: '\t' | ' ';
  /** tabwriter.AlignRight: pad on the left of each cell (ignored when padding with tabs, as in Go). */
  alignRight?: boolean;
}

/** PROFILE_TEXT_TABS is how runtime/pprof's debug=1 texts are aligned: tabwriter.NewWriter(w, 1, 8, 1, '\t', 0). */
export const PROFILE_TEXT_TABS: TabwriterOptions = { minWidth: 1, tabWidth: 8, padding: 1, padChar: '\t' };

/** tabwrite lays out tab-separated lines the way Go's text/tabwriter does with these options. */
export function tabwrite(text: string, o: TabwriterOptions): string {
  if (text === '') return '';
  const lines = text.split('\n');
  const trailingNewline = lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  const cells = lines.map((l) => l.split('\t'));
  const width = (s: string) => [...s].length;
  // widths[i][c] is the width of column c on line i.
  const widths: number[][] = cells.map(() => []);
  const columns = Math.max(0, ...cells.map((c) => c.length - 1));
  for (let c = 0; c < columns; c++) {
    for (let i = 0; i < cells.length; ) {
      if (cells[i].length - 1 <= c) {
        i++;
        continue;
      }
      let j = i;
      let w = o.minWidth;
      for (; j < cells.length && cells[j].length - 1 > c; j++) w = Math.max(w, width(cells[j][c]) + o.padding);
      for (let k = i; k < j; k++) widths[k][c] = w;
      i = j;
    }
  }
  const out = cells.map((row, i) => {
    let s = '';
    for (let c = 0; c < row.length - 1; c++) s += pad(row[c], width(row[c]), widths[i][c], o);
    return s + row[row.length - 1];
  });
  return out.join('\n') + (trailingNewline ? '\n' : '');
}

// pad writes one cell in its column: with tabs, the column is rounded up to
// a tab stop and filled with as many tabs as reach it.
function pad(cell: string, textWidth: number, cellWidth: number, o: TabwriterOptions): string {
  if (o.padChar === '\t') {
    if (o.tabWidth === 0) return cell;
    const stop = Math.ceil(cellWidth / o.tabWidth) * o.tabWidth;
    return cell + '\t'.repeat(Math.ceil((stop - textWidth) / o.tabWidth));
  }
  const fill = ' '.repeat(cellWidth - textWidth);
  return o.alignRight ? fill + cell : cell + fill;
}
