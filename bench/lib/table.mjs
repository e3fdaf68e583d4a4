// How the overhead benchmarks print: numbers with thousands separators,
// signed percentages, and a Markdown table with the numbers right-aligned.

/** fmt prints a number with `digits` decimals and thousands separators. */
export const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** pct prints a change in percent with its sign. */
export const pct = (x, digits = 1) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}%`;

/** markdownTable lays out rows of strings (the first is the header) as a Markdown table, the first column left-aligned. */
export function markdownTable(table) {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const render = (row) => `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => '-'.repeat(w + 1) + (c === 0 ? '-' : ':')).join('|')}|`;
  return [render(table[0]), rule, ...table.slice(1).map(render)].join('\n');
}
