// FrameIndex numbers the graph nodes of a profile's locations once per
// report: a frame is a node by its NodeInfo after granularity, and every
// graph walk then follows samples through integer lookups instead of
// building NodeInfos per sample.

import { finishHash, HASH_SEED, hashSlots, mixAddress, mixHash, type Location, type ProfileFunction } from '@fluoro/profile';
import type { WProfile } from '@fluoro/profile';
import { cleanPath, infoKey, type NodeInfo } from './nodeinfo.js';

/** FrameIndexOptions say what tells nodes apart. */
export interface FrameIndexOptions {
  /** Object file names and start lines on every node (pprof does this for -list and -raw). */
  objNames: boolean;
  /** A function's file name as reports show it (trimmed of build-machine prefixes); its own when undefined. */
  fileOf?: (f: ProfileFunction) => string;
}

const ownFile = (f: ProfileFunction): string => f.filename;

function nodeInfo(l: Location, li: number, o: Required<FrameIndexOptions>): NodeInfo {
  const { objNames, fileOf } = o;
  const objfile = l.mapping && l.mapping.filename !== '' ? l.mapping.filename : '';
  if (li < 0) {
    return { name: '', origName: '', address: l.address, file: '', startLine: 0, lineno: 0, objfile };
  }
  const line = l.line[li];
  const file = fileOf(line.function);
  const ni: NodeInfo = {
    name: line.function.name,
    origName: '',
    address: l.address,
    file: file !== '' ? cleanPath(file) : '',
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
export function frameIndex(p: WProfile, o: FrameIndexOptions): FrameIndex {
  const opts: Required<FrameIndexOptions> = { objNames: o.objNames, fileOf: o.fileOf ?? ownFile };
  const { objNames, fileOf } = opts;
  const infos: NodeInfo[] = [];
  const keys: string[] = [];
  const index = new Map<string, number>();
  // A named function's node is its name and file plus the line and address,
  // so a line is looked up by a short key (function part number, line,
  // address) in a table of numbers instead of by its whole NodeInfo: there
  // are far more lines than nodes. Unnamed frames and object names take the
  // full key.
  const partOf = new Map<ProfileFunction, number>();
  const parts = new Map<string, number>();
  const cleanFiles = new Map<string, string>();
  const nloc = p.location.length;
  const byLine = new LineTable(nloc);
  const locStart = new Int32Array(nloc + 1);
  const single = new Int32Array(nloc);
  const locNodes: number[] = [];
  const addNode = (info: NodeInfo, key: string): number => {
    infos.push(info);
    keys.push(key);
    return infos.length - 1;
  };
  for (let i = 0; i < nloc; i++) {
    const l = p.location[i];
    locStart[i] = locNodes.length;
    const n = l.line.length === 0 ? 1 : l.line.length;
    for (let li = 0; li < n; li++) {
      const line = l.line.length === 0 ? undefined : l.line[li];
      let ni: number;
      if (line && !objNames && line.function.name !== '') {
        const fn = line.function;
        let part = partOf.get(fn);
        if (part === undefined) {
          const name = fileOf(fn);
          let file = cleanFiles.get(name);
          if (file === undefined) cleanFiles.set(name, (file = name !== '' ? cleanPath(name) : ''));
          const fkey = fn.name + '\u0000' + file;
          part = parts.get(fkey);
          if (part === undefined) parts.set(fkey, (part = parts.size));
          partOf.set(fn, part);
        }
        ni = byLine.get(part, line.line, l.address);
        if (ni < 0) {
          const info = nodeInfo(l, li, opts);
          ni = addNode(info, infoKey(info));
          byLine.add(part, line.line, l.address, ni);
        }
      } else {
        const info = nodeInfo(l, line ? li : -1, opts);
        const key = infoKey(info);
        const known = index.get(key);
        if (known === undefined) index.set(key, (ni = addNode(info, key)));
        else ni = known;
      }
      locNodes.push(ni);
    }
    single[i] = n === 1 ? locNodes[locNodes.length - 1] : MULTI;
  }
  locStart[nloc] = locNodes.length;
  return { infos, keys, locStart, frames: Int32Array.from(locNodes), single };
}

/**
 * LineTable finds the node of a named function's line by (function part,
 * line number, address): an open-addressing table over numbers, because a
 * key string per line, with its 64-bit address printed, cost more than the
 * rest of frameIndex. It holds at most the capacity it was made with.
 */
class LineTable {
  private readonly slots: Int32Array;
  private readonly parts: number[] = [];
  private readonly lines: number[] = [];
  private readonly addresses: bigint[] = [];
  private readonly nodes: number[] = [];

  constructor(capacity: number) {
    this.slots = hashSlots(capacity);
  }

  /** get returns the node of (part, line, address), or -1. */
  get(part: number, line: number, address: bigint): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(part, line, address) & mask; ; slot = (slot + 1) & mask) {
      const i = this.slots[slot];
      if (i < 0) return -1;
      if (this.parts[i] === part && this.lines[i] === line && this.addresses[i] === address) return this.nodes[i];
    }
  }

  /** add records the node of (part, line, address), which get did not find. */
  add(part: number, line: number, address: bigint, node: number): void {
    const mask = this.slots.length - 1;
    let slot = hash(part, line, address) & mask;
    while (this.slots[slot] >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = this.nodes.length;
    this.parts.push(part);
    this.lines.push(line);
    this.addresses.push(address);
    this.nodes.push(node);
  }
}

// hash mixes the parts of a LineTable key.
function hash(part: number, line: number, address: bigint): number {
  return finishHash(mixAddress(mixHash(mixHash(HASH_SEED, part), line | 0), address));
}
