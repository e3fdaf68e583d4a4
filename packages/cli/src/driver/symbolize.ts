// pprof's locateBinaries and symbolization steps, as far as they apply to
// profiles whose frames come with names: the main mapping named by the
// [binary] argument and -buildid, a fake mapping for profiles without one,
// -symbolize's modes, and fetched mappings named by their URL until
// "symbolized".

import type { Mapping, Profile, WProfile } from '@fluoro/profile';
import type { SourceOptions } from './options.js';
import type { DriverUI } from './ui.js';

/**
 * addFakeMapping is pprof's locateBinaries for a profile without mappings
 * (Go's runtime and ours write none for scripts): an empty mapping 1 that
 * every location uses. It shows in -raw as "M=1" and "1: 0x0/0x0/0x0".
 */
export function addFakeMapping(p: Profile): void {
  if (p.mapping.length > 0) return;
  const m: Mapping = {
    id: 1,
    memoryStart: 0n,
    memoryLimit: 0n,
    fileOffset: 0n,
    filename: '',
    buildId: '',
    hasFunctions: false,
    hasFilenames: false,
    hasLineNumbers: false,
    hasInlineFrames: false,
  };
  p.mapping = [m];
  for (const l of p.location) l.mapping = m;
}

/** symbolizeWarnings are the lines pprof's symbolizer prints for a profile it cannot symbolize. */
export function symbolizeWarnings(p: WProfile): string[] {
  const used = new Set(p.location.map((l) => l.mapping));
  const m = p.mapping[0];
  if (m && used.has(m) && !(m.hasFunctions || m.hasFilenames || m.hasLineNumbers) && m.filename === '') {
    return ['Main binary filename not available.'];
  }
  return [];
}

/**
 * overrideBinary is the end of pprof's locateBinaries: the [binary]
 * argument and -buildid name the first mapping.
 */
export function overrideBinary(p: Profile, opts: SourceOptions): void {
  const m = p.mapping[0];
  if (!m) return;
  if (opts.execName !== '') m.filename = opts.execName;
  if (opts.buildId !== '') m.buildId = opts.buildId;
}

/**
 * symbolizeModes reads -symbolize as pprof's Symbolize does, warning about
 * what it does not know.
 */
export function symbolizeModes(mode: string, ui: DriverUI): { local: boolean; remote: boolean } {
  let local = true;
  let remote = true;
  for (const o of mode.toLowerCase().split(':')) {
    switch (o) {
      case '':
        continue;
      case 'none':
      case 'no':
        return { local: false, remote: false };
      case 'local':
      case 'fastlocal':
        remote = false;
        local = true;
        continue;
      case 'remote':
        remote = true;
        local = false;
        continue;
      case 'force':
        continue;
    }
    if (['full', 'none', 'templates', 'default'].includes(o.replace(/^demangle=/, ''))) continue;
    ui.printErr('ignoring unrecognized symbolization option: ' + mode);
    ui.printErr('expecting -symbolize=[local|fastlocal|remote|none][:force][:demangle=[none|full|templates|default]');
  }
  return { local, remote };
}

/**
 * sourceMappings is pprof's collectMappingSources: a fetched profile's
 * mappings without a file or build id are named by the URL until
 * symbolization is done, which keeps mappings of different servers apart
 * when they merge.
 */
export function sourceMappings(p: Profile, url: string): void {
  for (const m of p.mapping) if (m.buildId === '' && m.filename === '') m.filename = url;
}

/**
 * unsourceMappings stands for pprof's symbolz step and unsourceMappings: a
 * mapping named by its URL counts as symbolized (pprof asks the server's
 * /debug/pprof/symbol only for addresses without lines; profiles from Go
 * and from fluoro's runtime come with lines) and loses the URL again.
 */
export function unsourceMappings(p: WProfile, symbolz: boolean): void {
  for (const m of p.mapping) {
    if (m.buildId !== '' || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]/.test(m.filename)) continue;
    if (symbolz) m.hasFunctions = true;
    m.filename = '';
  }
}
