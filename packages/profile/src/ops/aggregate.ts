// Aggregate is pprof's granularity step (profile.Aggregate): it forgets the
// parts of each frame a report should not tell apart (address, line number,
// file name, function name, inlined frames), so that graph nodes merge.

import type { WProfile } from './working-model.js';

/** Granularity is the -functions/-files/-lines/-addresses/-filefunctions choice. */
export type Granularity = 'functions' | 'filefunctions' | 'files' | 'lines' | 'addresses';

/** aggregate applies a granularity to the working profile, in place. */
export function aggregate(p: WProfile, granularity: Granularity, noInlines: boolean): void {
  const inlines = !noInlines;
  let fn = false, file = false, line = false, address = false;
  switch (granularity) {
    case 'addresses':
      if (inlines) return;
      fn = file = line = address = true;
      break;
    case 'lines':
      fn = file = line = true;
      break;
    case 'files':
      file = true;
      break;
    case 'functions':
      fn = true;
      break;
    case 'filefunctions':
      fn = file = true;
      break;
  }
  for (const m of p.mapping) {
    m.hasInlineFrames &&= inlines;
    m.hasFunctions &&= fn;
    m.hasFilenames &&= file;
    m.hasLineNumbers &&= line;
  }
  if (!fn || !file) {
    for (const f of p.function) {
      if (!fn) {
        f.name = '';
        f.systemName = '';
      }
      if (!file) f.filename = '';
    }
  }
  if (!inlines || !address || !line) {
    for (const l of p.location) {
      if (!inlines && l.line.length > 1) l.line = l.line.slice(-1);
      // Lines, like locations, belong to the working profile alone.
      if (!line) for (const ln of l.line) ln.line = 0;
      if (!address) l.address = 0n;
    }
  }
}
