// Go's text profiles go through text/tabwriter (minwidth 1, tabwidth 8,
// padding 1, tabs as padding); this reproduces its column alignment so our
// debug=1 output lines up exactly like Go's.

const TAB_WIDTH = 8;

/** alignTabs aligns tab-separated cells in each block of consecutive lines that contain tabs. */
export function alignTabs(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!lines[i].includes('\t')) {
      out.push(lines[i++]);
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].includes('\t')) j++;
    out.push(...alignBlock(lines.slice(i, j).map((l) => l.split('\t'))));
    i = j;
  }
  return out.join('\n');
}

// alignBlock pads each column (all but a line's last cell) to the widest
// cell plus one, rounded up to a tab stop. Go's tabwriter ends a column
// where a line has too few cells; Go's profiles never rely on that.
function alignBlock(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const cells of rows) {
    for (let c = 0; c < cells.length - 1; c++) widths[c] = Math.max(widths[c] ?? 1, cells[c].length + 1);
  }
  return rows.map((cells) =>
    cells
      .map((cell, c) => {
        if (c === cells.length - 1) return cell;
        const width = Math.ceil(widths[c] / TAB_WIDTH) * TAB_WIDTH;
        return cell + '\t'.repeat(Math.ceil((width - cell.length) / TAB_WIDTH));
      })
      .join(''),
  );
}
