// The NodeInfo of each frame of a location, innermost first, with pprof's
// default graph options (no object names): what -traces and -collapsed name.

import type { Location } from '@fluoro/profile';
import { cleanPath, type NodeInfo } from './nodeinfo.js';

/** nodeInfoForFrame returns one NodeInfo per line of loc (one for a location without lines). */
export function nodeInfoForFrame(loc: Location): NodeInfo[] {
  const objfile = loc.mapping && loc.mapping.filename !== '' ? loc.mapping.filename : '';
  if (loc.line.length === 0) {
    return [{ name: '', origName: '', address: loc.address, file: '', startLine: 0, lineno: 0, objfile }];
  }
  return loc.line.map((ln) => {
    const named = ln.function.name !== '';
    return {
      name: ln.function.name,
      origName: '',
      address: loc.address,
      file: ln.function.filename !== '' ? cleanPath(ln.function.filename) : '',
      startLine: named ? 0 : ln.function.startLine,
      lineno: ln.line,
      objfile: named ? '' : objfile,
    };
  });
}
