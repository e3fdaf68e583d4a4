// NodeInfo identifies a graph node, as pprof's graph.NodeInfo does: a frame
// after granularity was applied. Its printable name is what reports show, and
// its Go struct rendering (fmt.Sprint) is pprof's last-resort sort key.

import { posix } from 'node:path';

/** NodeInfo is the identity of a graph node. */
export interface NodeInfo {
  name: string;
  origName: string;
  address: bigint;
  file: string;
  startLine: number;
  lineno: number;
  objfile: string;
}

/** cleanPath is Go's filepath.Clean on a slash path. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  let c = posix.normalize(p);
  if (c.length > 1 && c.endsWith('/')) c = c.slice(0, -1);
  return c;
}

/** nameComponents is pprof's NodeInfo.NameComponents: address, function and position. */
export function nameComponents(i: NodeInfo): string[] {
  const name: string[] = [];
  if (i.address !== 0n) name.push(i.address.toString(16).padStart(16, '0'));
  if (i.name !== '') name.push(i.name);
  if (i.lineno !== 0) name.push(`${i.file}:${i.lineno}`);
  else if (i.file !== '') name.push(i.file);
  else if (i.name !== '') {
    // the function name alone
  } else if (i.objfile !== '') name.push('[' + posix.basename(i.objfile) + ']');
  else name.push('<unknown>');
  return name;
}

/** printableName is the name a report prints for a node. */
export function printableName(i: NodeInfo): string {
  return nameComponents(i).join(' ');
}

/** infoKey is a string that is equal for equal NodeInfos. */
export function infoKey(i: NodeInfo): string {
  return `${i.name}\u0000${i.origName}\u0000${i.address}\u0000${i.file}\u0000${i.startLine}\u0000${i.lineno}\u0000${i.objfile}`;
}

/** goSprint is fmt.Sprint(NodeInfo), pprof's final tie-breaker when sorting nodes. */
export function goSprint(i: NodeInfo): string {
  return `{${i.name} ${i.origName} ${i.address} ${i.file} ${i.startLine} ${i.lineno} ${i.objfile}}`;
}
