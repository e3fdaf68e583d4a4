// pprof's symbolizer "demangles" every function whose name is still its
// system name, even in profiles from languages that do not mangle. A name
// that merely looks like demangled C++ (it has <, >, [, ] or ::) loses its
// parameter lists and template arguments, so a V8 function named
// `<instance_members_initializer>` prints with no name at all in
// `go tool pprof`. We do the same so that reports match. Real mangled C++
// and Rust names (_Z..., _R...) are not demangled: Node and Go profiles do
// not carry them.

import type { ProfileFunction } from '@fluoro/profile';

function looksLikeDemangledCpp(name: string): boolean {
  // Java's "Class.<init>" and Go's "pkg.(*T[...]).Method" are left alone.
  if (name.includes('.<') || name.includes(']).')) return false;
  return /[<>[\]]/.test(name) || name.includes('::');
}

/**
 * removeMatching drops every closed open..close group, nested ones with it.
 * As in pprof, an unbalanced close stops the work (what follows is kept as
 * is) and a group never closed is kept.
 */
export function removeMatching(name: string, open: string, close: string): string {
  let kept = '';
  let group = '';
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === close && depth === 0) return kept + name.slice(i);
    if (ch === open) depth++;
    if (depth > 0) group += ch;
    else kept += ch;
    if (ch === close && --depth === 0) group = '';
  }
  return kept + group;
}

/** simplifyFunctionNames applies pprof's default demangling step to a profile's functions. */
export function simplifyFunctionNames(functions: ProfileFunction[]): void {
  for (const fn of functions) {
    if (fn.name !== '' && fn.systemName !== fn.name) continue;
    let name = fn.systemName;
    if (looksLikeDemangledCpp(name)) name = removeMatching(removeMatching(name, '(', ')'), '<', '>');
    fn.name = name;
  }
}
