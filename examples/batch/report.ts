// A batch job in TypeScript for `fluoro run`: builds a sales report and
// exits. Its time goes to groupByRegion (a quadratic lookup) and formatCsv.
//   npx fluoro run -- node --import tsx examples/batch/report.ts

interface Sale {
  region: string;
  product: string;
  amount: number;
}

interface RegionTotal {
  region: string;
  total: number;
  count: number;
}

function makeSales(n: number): Sale[] {
  const sales: Sale[] = [];
  for (let i = 0; i < n; i++) {
    sales.push({ region: `region-${(i * 7919) % 400}`, product: `p${i % 50}`, amount: ((i * 104729) % 10000) / 100 });
  }
  return sales;
}

function groupByRegion(sales: Sale[]): RegionTotal[] {
  const totals: RegionTotal[] = [];
  for (const sale of sales) {
    // The slow part: a linear search where a Map would do.
    let row = totals.find((t) => t.region === sale.region);
    if (row === undefined) {
      row = { region: sale.region, total: 0, count: 0 };
      totals.push(row);
    }
    row.total += sale.amount;
    row.count++;
  }
  return totals.sort((a, b) => b.total - a.total);
}

function formatCsv(sales: Sale[]): string {
  let csv = 'region,product,amount\n';
  for (const s of sales) csv += `${s.region},${s.product},${s.amount.toFixed(2)}\n`;
  return csv;
}

const sales = makeSales(300_000);
const totals = groupByRegion(sales);
const csv = formatCsv(sales);
process.stdout.write(`${totals.length} regions, top ${totals[0].region}; ${csv.length} bytes of CSV\n`);
