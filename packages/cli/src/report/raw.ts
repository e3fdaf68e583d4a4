// -raw: the profile as text, exactly as Go's (*profile.Profile).String()
// prints it.

import type { Location, Mapping, WProfile } from '@fluoro/profile';
import { goDuration, goTimeString } from '../measurement/gotime.js';
import { padLeft } from '../measurement/gofmt.js';

function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

function sampleString(p: WProfile, i: number): string {
  const { width, values, start, end, frames } = p.samples;
  const s = p.samples.labels[i];
  let sv = '';
  for (let j = 0; j < width; j++) sv += ' ' + padLeft(String(values[i * width + j]), 10);
  sv += ': ';
  for (let k = start[i]; k < end[i]; k++) sv += `${p.location[frames[k]].id} `;
  const out = [sv];
  const header = ' '.repeat(16);
  if (s.label.size > 0) {
    out.push(header + [...s.label].map(([k, v]) => `${k}:[${v.join(' ')}]`).sort().join(' '));
  }
  if (s.numLabel.size > 0) {
    const ls = [...s.numLabel].map(([k, v]) => {
      const units = s.numUnit.get(k) ?? [];
      if (units.length === v.length) return `${k}:[${v.map((x, i) => `${x} ${units[i]}`).join(' ')}]`;
      return `${k}:[${v.join(' ')}]`;
    });
    out.push(header + ls.sort().join(' '));
  }
  return out.join('\n');
}

function locationString(l: Location): string {
  let locStr = `${padLeft(String(l.id), 6)}: ${hex(l.address)} `;
  if (l.mapping) locStr += `M=${l.mapping.id} `;
  if (l.isFolded) locStr += '[F] ';
  if (l.line.length === 0) return locStr;
  const out: string[] = [];
  for (const ln of l.line) {
    const fn = ln.function;
    let s = `${fn.name} ${fn.filename}:${ln.line} s=${fn.startLine}`;
    if (fn.name !== fn.systemName) s += `(${fn.systemName})`;
    out.push(locStr + s);
    locStr = ' '.repeat(13);
  }
  return out.join('\n');
}

function mappingString(m: Mapping): string {
  let bits = '';
  if (m.hasFunctions) bits += '[FN]';
  if (m.hasFilenames) bits += '[FL]';
  if (m.hasLineNumbers) bits += '[LN]';
  if (m.hasInlineFrames) bits += '[IN]';
  return `${m.id}: ${hex(m.memoryStart)}/${hex(m.memoryLimit)}/${hex(m.fileOffset)} ${m.filename} ${m.buildId} ${bits}`;
}

/** formatRaw prints the -raw report. */
export function formatRaw(p: WProfile): string {
  const ss: string[] = [];
  for (const c of p.comment) ss.push('Comment: ' + c);
  if (p.periodType) ss.push(`PeriodType: ${p.periodType.type} ${p.periodType.unit}`);
  ss.push(`Period: ${p.period}`);
  if (p.timeNanos !== 0n) ss.push('Time: ' + goTimeString(p.timeNanos));
  // Go prints the duration with %.4v, which cuts Duration.String() to 4 runes.
  if (p.durationNanos !== 0) ss.push('Duration: ' + [...goDuration(p.durationNanos)].slice(0, 4).join(''));
  ss.push('Samples:');
  ss.push(p.sampleType.map((t) => `${t.type}/${t.unit}${t.type === p.defaultSampleType ? '[dflt]' : ''}`).join(' ').trim());
  for (let i = 0; i < p.samples.count; i++) ss.push(sampleString(p, i));
  ss.push('Locations');
  for (const l of p.location) ss.push(locationString(l));
  ss.push('Mappings');
  for (const m of p.mapping) ss.push(mappingString(m));
  return ss.join('\n') + '\n';
}
