// Go's time and duration strings, as pprof prints them: the report header's
// "Jan 2, 2006 at 3:04pm (MST)", -raw's time.Time %v
// ("2006-01-02 15:04:05.999999999 -0700 MST") and time.Duration's String.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offsetMinutes: number;
  zone: string;
}

function localParts(ms: number): LocalParts {
  const d = new Date(ms);
  const offsetMinutes = -d.getTimezoneOffset();
  return {
    year: d.getFullYear(),
    month: d.getMonth(),
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
    offsetMinutes,
    zone: zoneAbbreviation(d, offsetMinutes),
  };
}

// Go prints the zone abbreviation from tzdata; ICU's short name is the
// closest Node has. Where ICU only knows "GMT+1", Go prints "+01".
function zoneAbbreviation(d: Date, offsetMinutes: number): string {
  const tz = process.env.TZ;
  if (tz === 'UTC' || tz === 'Etc/UTC' || tz === '' || tz === 'UTC0') return 'UTC';
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(d)
    .find((p) => p.type === 'timeZoneName')?.value;
  if (part && !/^GMT|^UTC/.test(part)) return part;
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const a = Math.abs(offsetMinutes);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  return a % 60 === 0 ? sign + hh : sign + hh + String(a % 60).padStart(2, '0');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** headerTime formats nanoseconds since the epoch as pprof's "Nov 25, 2026 at 10:32pm (UTC)". */
export function headerTime(timeNanos: number): string {
  const p = localParts(Math.floor(timeNanos / 1e6));
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const ampm = p.hour < 12 ? 'am' : 'pm';
  return `${MONTHS[p.month]} ${p.day}, ${p.year} at ${h12}:${two(p.minute)}${ampm} (${p.zone})`;
}

/** goTimeString is Go's time.Time String(): "2006-01-02 15:04:05.999999999 -0700 MST". */
export function goTimeString(timeNanos: bigint): string {
  const secs = timeNanos / 1_000_000_000n - (timeNanos % 1_000_000_000n < 0n ? 1n : 0n);
  const frac = Number(timeNanos - secs * 1_000_000_000n);
  const p = localParts(Number(secs) * 1000);
  let s = `${p.year}-${two(p.month + 1)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
  if (frac !== 0) s += '.' + String(frac).padStart(9, '0').replace(/0+$/, '');
  const sign = p.offsetMinutes < 0 ? '-' : '+';
  const a = Math.abs(p.offsetMinutes);
  return `${s} ${sign}${two(Math.floor(a / 60))}${two(a % 60)} ${p.zone}`;
}

function fracString(v: number, prec: number): string {
  // v holds an integer count of 10^-prec units; print it with trailing zeros trimmed.
  const whole = Math.floor(v / 10 ** prec);
  const rest = v % 10 ** prec;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(prec, '0').replace(/0+$/, '')}`;
}

/** goDuration is Go's time.Duration String(): "1.5s", "250ms", "1m30s", "2h0m0s". */
export function goDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  const neg = nanos < 0;
  let u = Math.abs(nanos);
  let s: string;
  if (u < 1e9) {
    if (u < 1e3) s = `${u}ns`;
    else if (u < 1e6) s = `${fracString(u, 3)}µs`;
    else s = `${fracString(u, 6)}ms`;
  } else {
    const h = Math.floor(u / 3600e9);
    u -= h * 3600e9;
    const m = Math.floor(u / 60e9);
    u -= m * 60e9;
    s = `${fracString(u, 9)}s`;
    if (h > 0 || m > 0) s = `${m}m` + s;
    if (h > 0) s = `${h}h` + s;
  }
  return neg ? '-' + s : s;
}
