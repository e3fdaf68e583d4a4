// FrameIndex numbers the graph nodes of a profile's locations once per
// report: a frame is a node by its NodeInfo after granularity, and every
// graph walk then follows samples through integer lookups instead of
// building NodeInfos per sample.

import type { Location, ProfileFunction } from '@fluoro/profile';
import type { WProfile } from '@fluoro/profile';
import { cleanPath, infoKey, type NodeInfo } from './nodeinfo.js';

function nodeInfo(l: Location, li: number, objNames: boolean): NodeInfo {
  const objfile = l.mapping && l.mapping.filename !== '' ? l.mapping.filename : '';
  if (li < 0) {
    return { name: '', origName: '', address: l.address, file: '', startLine: 0, lineno: 0, objfile };
  }
  const line = l.line[li];
  const ni: NodeInfo = {
    name: line.function.name,
    origName: '',
    address: l.address,
    file: line.function.filename !== '' ? cleanPath(line.function.filename) : '',
    startLine: 0,
    lineno: line.line,
    objfile: '',
  };
  if (objNames || ni.name === '') {
    ni.objfile = objfile;
    ni.startLine = line.function.startLine;
  }
  return ni;
}

/**
 * FrameIndex resolves every location of a profile to graph node numbers, once
 * per report: the frames of location i (innermost line first) are nodes
 * frames[locStart[i] .. locStart[i+1]), and single[i] is that node when there
 * is exactly one (most locations), -2 otherwise. Graph builds then walk
 * samples with integer lookups only.
 */
export interface FrameIndex {
  infos: NodeInfo[];
  keys: string[];
  locStart: Int32Array;
  frames: Int32Array;
  single: Int32Array;
}

/** MULTI marks a location of several lines in FrameIndex.single. */
export const MULTI = -2;

/** frameIndex numbers the distinct nodes of a profile's locations. */
export function frameIndex(p: WProfile, objNames: boolean): FrameIndex {
  const infos: NodeInfo[] = [];
  const keys: string[] = [];
  const index = new Map<string, number>();
  // A named function's node is its name and file plus the line and address,
  // so a line is looked up by a short key (function part number, line,
  // address) instead of its whole NodeInfo: there are far more lines than
  // nodes. Unnamed frames and object names take the full key.
  const partOf = new Map<ProfileFunction, number>();
  const parts = new Map<string, number>();
  const nloc = p.location.length;
  const locStart = new Int32Array(nloc + 1);
  const single = new Int32Array(nloc);
  const locNodes: number[] = [];
  for (let i = 0; i < nloc; i++) {
    const l = p.location[i];
    locStart[i] = locNodes.length;
    const n = l.line.length === 0 ? 1 : l.line.length;
    for (let li = 0; li < n; li++) {
      const line = l.line.length === 0 ? undefined : l.line[li];
      let key: string;
      let info: NodeInfo | undefined;
      if (line && !objNames && line.function.name !== '') {
        const fn = line.function;
        let part = partOf.get(fn);
        if (part === undefined) {
          const fkey = fn.name + '\u0000' + (fn.filename !== '' ? cleanPath(fn.filename) : '');
          part = parts.get(fkey);
          if (part === undefined) parts.set(fkey, (part = parts.size));
          partOf.set(fn, part);
        }
        key = `${part},${line.line},${l.address}`;
      } else {
        info = nodeInfo(l, line ? li : -1, objNames);
        key = infoKey(info);
      }
      let ni = index.get(key);
      if (ni === undefined) {
        ni = infos.length;
        index.set(key, ni);
        if (info) {
          keys.push(key);
        } else {
          info = nodeInfo(l, li, objNames);
          keys.push(infoKey(info));
        }
        infos.push(info);
      }
      locNodes.push(ni);
    }
    single[i] = n === 1 ? locNodes[locNodes.length - 1] : MULTI;
  }
  locStart[nloc] = locNodes.length;
  return { infos, keys, locStart, frames: Int32Array.from(locNodes), single };
}
