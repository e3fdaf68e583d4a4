// Go's fmt verbs for floats (%.Nf, %.Ng, %e), reproduced exactly. JavaScript's
// toFixed and toPrecision round exact ties away from zero, while Go's strconv
// rounds them to even, so both verbs start from the exact decimal expansion of
// the double and round it here.

interface Digits {
  neg: boolean;
  /** Significant decimal digits, no leading or trailing zeros. */
  d: string;
  /** Position of the decimal point: value = 0.d × 10^dp. */
  dp: number;
}

function exactDigits(x: number): Digits {
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  if (a === 0) return { neg, d: '', dp: 0 };
  // toPrecision(100) is the exact binary value for every double we print.
  const s = a.toPrecision(100);
  let mant = s;
  let exp = 0;
  const e = s.indexOf('e');
  if (e >= 0) {
    mant = s.slice(0, e);
    exp = Number(s.slice(e + 1));
  }
  const dot = mant.indexOf('.');
  let intLen = dot < 0 ? mant.length : dot;
  let d = mant.replace('.', '');
  let lead = 0;
  while (lead < d.length && d[lead] === '0') lead++;
  d = d.slice(lead);
  intLen -= lead;
  d = d.replace(/0+$/, '');
  return { neg, d, dp: intLen + exp };
}

/** roundDigits keeps nd significant digits, rounding half to even as strconv does. */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0) return { neg: x.neg, d: '', dp: x.dp };
  if (nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (nd + 1 < x.d.length) up = true;
  else up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  let d = x.d.slice(0, nd);
  let dp = x.dp;
  if (up) {
    const arr = d.split('').map(Number);
    let i = arr.length - 1;
    while (i >= 0 && arr[i] === 9) {
      arr[i] = 0;
      i--;
    }
    if (i < 0) {
      arr.unshift(1);
      dp++;
    } else arr[i]++;
    d = arr.join('');
  }
  return { neg: x.neg, d: d.replace(/0+$/, ''), dp };
}

function digitAt(x: Digits, i: number): string {
  return i >= 0 && i < x.d.length ? x.d[i] : '0';
}

function fmtF(x: Digits, prec: number): string {
  let s = x.neg ? '-' : '';
  if (x.dp > 0) {
    for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  } else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(x, x.dp + i - 1);
  }
  return s;
}

function fmtE(x: Digits, prec: number): string {
  let s = x.neg ? '-' : '';
  s += x.d.length === 0 ? '0' : x.d[0];
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += i < x.d.length ? x.d[i] : '0';
  }
  let exp = x.d.length === 0 ? 0 : x.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  return s + 'e' + sign + (exp < 10 ? '0' : '') + String(exp);
}

/** formatFixed is Go's %.{prec}f. */
export function formatFixed(x: number, prec: number): string {
  const digits = exactDigits(x);
  return fmtF(roundDigits(digits, digits.dp + prec), prec);
}

/** formatGeneral is Go's %.{prec}g. */
export function formatGeneral(x: number, prec: number): string {
  if (prec === 0) prec = 1;
  const digs = roundDigits(exactDigits(x), prec);
  let eprec = prec;
  if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    let p = prec;
    if (p > digs.d.length) p = digs.d.length;
    return fmtE(digs, p - 1);
  }
  let p = prec;
  if (p > digs.dp) p = digs.d.length;
  return fmtF(digs, Math.max(p - digs.dp, 0));
}

/** padLeft is Go's %{width}s: right-aligned, counted in runes. */
export function padLeft(s: string, width: number): string {
  const n = [...s].length;
  return n >= width ? s : ' '.repeat(width - n) + s;
}
