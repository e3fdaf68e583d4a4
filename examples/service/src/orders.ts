// Checkout: prices a big order and signs it. The CPU problem of the example:
// signOrder hashes the whole order fifty times over.

import { createHash } from 'node:crypto';

/** OrderLine is one priced article of an order. */
export interface OrderLine {
  sku: string;
  qty: number;
  price: number;
}

/** Order is what a checkout prices and signs. */
export interface Order {
  id: number;
  lines: OrderLine[];
}

function priceLines(n: number): OrderLine[] {
  const lines: OrderLine[] = [];
  for (let i = 0; i < n; i++) {
    lines.push({ sku: `sku-${i}`, qty: (i % 7) + 1, price: ((i * 7919) % 10000) / 100 });
  }
  return lines;
}

function signOrder(order: Order): string {
  let digest = JSON.stringify(order);
  for (let i = 0; i < 50; i++) {
    digest = createHash('sha256').update(digest).digest('hex');
  }
  return digest;
}

/** checkout prices an order of 2000 lines and returns its total and signature. */
export function checkout(): { total: number; signature: string } {
  const order: Order = { id: Date.now(), lines: priceLines(2000) };
  const total = order.lines.reduce((sum, l) => sum + l.qty * l.price, 0);
  return { total, signature: signOrder(order) };
}
