// Sources: read each profile (a file, or a URL fetched over HTTP), decode
// it, merge the sources into the working profile and the -base/-diff_base
// sources into a base, then combine the two as pprof's fetchProfiles does:
// the base tagged pprof::base (diff_base), the source scaled to the base's
// totals (-normalize), the base negated and merged in. Profiles fetched
// over HTTP are saved as pprof saves them.

import { basename } from 'node:path';
import { encodeProfile, inflateProfile, loadedOf, type LoadedProfile, loadProfile, merge, type MergeOptions, normalize, ProfileError, scaleBy, setLabel, toProfile, type WProfile } from '@fluoro/profile';
import { goDuration } from '../measurement/gotime.js';
import { simplifyFunctionNames } from './demangle.js';
import { scaleProfiles } from '../measurement/scale-profiles.js';
import { AnalyzerError } from '../errors.js';
import { readSourceFile, releaseBytes } from './files.js';
import type { SourceOptions } from './options.js';
import { profileDir, writeNewFile } from './tempfile.js';
import { addFakeMapping, overrideBinary, sourceMappings, symbolizeModes, symbolizeWarnings, unsourceMappings } from './symbolize.js';
import type { DriverUI } from './ui.js';
import { adjustURL, fetchURL, type RemoteSource } from './url-source.js';

/** FetchEnv is what fetching reads from the process: environment variables (PPROF_TMPDIR, HOME). */
export interface FetchEnv {
  env: NodeJS.ProcessEnv;
}

// goParseMessage words a decoding failure as Go's profile.Parse does: it
// tries the legacy text formats on whatever is not a valid profile.proto,
// so every damage found inside the message ends as "unrecognized profile
// format"; empty input, concatenated profiles, gzip damage and the
// validation errors ("malformed profile: ...") keep their own words.
function goParseMessage(msg: string): string {
  const keep = ['parsing profile: empty input file', 'parsing profile: concatenated profiles detected'];
  if (!msg.startsWith('parsing profile: ') || keep.includes(msg) || /exceeds the limit/.test(msg)) return msg;
  return 'parsing profile: unrecognized profile format';
}

// readInflated reads a source's bytes and undoes their gzip in a call of its
// own, so that no caller's frame holds the compressed bytes while the
// profile is decoded: the garbage collector can free them as soon as the
// decoder allocates its columns (on a 50 MB profile, a seventh of the peak
// memory).
function readInflated(read: () => Uint8Array): Uint8Array {
  return inflateProfile(read());
}

// decodeSource decodes the bytes of one source into a profile with its samples in columns.
function decodeSource(bytes: Uint8Array): LoadedProfile {
  let p: LoadedProfile;
  try {
    p = loadProfile(bytes);
  } catch (err) {
    throw new AnalyzerError(goParseMessage((err as Error).message), { cause: err, code: 'ERR_SOURCE' });
  }
  addFakeMapping(p.profile);
  simplifyFunctionNames(p.profile.function);
  return p;
}

interface Grabbed {
  loaded?: LoadedProfile;
  remote: boolean;
  /** "source: problem", as pprof prints a source it could not fetch. */
  error?: string;
}

async function download(source: string, remote: RemoteSource, ui: DriverUI): Promise<Buffer> {
  ui.printErr('Fetching profile over HTTP from ' + remote.url);
  if (remote.seconds > 0) ui.printErr(`Please wait... (${goDuration(remote.seconds * 1e9)})`);
  const started = Date.now();
  // The progress line is fluoro's own: pprof is silent while it waits.
  const tick = ui.progress
    ? setInterval(() => {
        const waited = (Date.now() - started) / 1000;
        const of = remote.seconds > 0 ? ` of ${remote.seconds}s` : '';
        ui.progress!(`Waiting for ${source}: ${waited.toFixed(0)}s${of}`);
      }, 1000)
    : undefined;
  try {
    return await fetchURL(remote);
  } finally {
    if (tick) {
      clearInterval(tick);
      ui.progress!('');
    }
  }
}

// grabAll fetches every source of one group: URLs concurrently (a CPU
// profile takes its full duration), files one at a time as they are decoded.
async function grabAll(sources: string[], opts: SourceOptions, ui: DriverUI): Promise<Grabbed[]> {
  const remotes = sources.map((s) => adjustURL(s, opts.seconds, opts.timeout));
  const bodies = await Promise.all(
    sources.map((s, i) => {
      const r = remotes[i];
      return r ? download(s, r, ui).then((b) => ({ b }), (e: Error) => ({ e })) : Promise.resolve(undefined);
    }),
  );
  const out: Grabbed[] = [];
  for (const [i, s] of sources.entries()) {
    const body = bodies[i];
    const remote = remotes[i] !== undefined;
    try {
      if (body && 'e' in body) throw body.e;
      const bytes = readInflated(() => (body ? body.b : readSourceFile(s)));
      const loaded = decodeSource(bytes);
      // The decoded profile keeps nothing of the bytes; a body is also the
      // saved profile's, and gzipped it is not what was decoded anyway.
      if (!body) await releaseBytes(bytes);
      overrideBinary(loaded.profile, opts);
      if (remote) sourceMappings(loaded.profile, remotes[i]!.url);
      out.push({ loaded, remote });
    } catch (err) {
      // Go names the source as given (localhost:6060), not the URL fetched.
      out.push({ remote, error: `${s}: ${(err as Error).message}` });
    }
  }
  return out;
}

// combine is pprof's combineProfiles: units made common, then merged (merge
// itself merges again when samples cancelled out, as Go's Merge does).
function combine(loaded: LoadedProfile[], options: MergeOptions = {}): WProfile {
  scaleProfiles(loaded);
  return merge(loaded, options);
}

// group merges what was fetched of one group; lost sources are reported on
// ui, as pprof does, unless none was fetched: then the first problem is the
// error, one line that names its source.
function group(grabbed: Grabbed[], kind: 'source' | 'base', ui: DriverUI, options: MergeOptions = {}): WProfile {
  const ok = grabbed.filter((g) => g.loaded);
  const failed = grabbed.filter((g) => g.error);
  if (ok.length === 0) {
    for (const g of failed.slice(1)) ui.printErr(g.error!);
    throw new AnalyzerError(failed[0].error!, { code: 'ERR_SOURCE' });
  }
  for (const g of failed) ui.printErr(g.error!);
  if (failed.length > 0) ui.printErr(`Fetched ${ok.length} ${kind} profiles out of ${grabbed.length}`);
  try {
    return combine(ok.map((g) => g.loaded!), options);
  } catch (err) {
    // Incompatible profiles: scaleProfiles says so as an AnalyzerError, merge as a ProfileError.
    if (!(err instanceof AnalyzerError || err instanceof ProfileError)) throw err;
    // Go's message for a base has that trailing comma.
    const msg = kind === 'source' ? `problem fetching source profiles: ${err.message}` : `problem fetching base profiles: ${err.message},`;
    throw new AnalyzerError(msg, { cause: err });
  }
}

function saveFetched(p: WProfile, ui: DriverUI, env: FetchEnv): void {
  let prefix = 'pprof.';
  if (p.mapping.length > 0 && p.mapping[0].filename !== '') prefix += basename(p.mapping[0].filename) + '.';
  for (const t of p.sampleType) prefix += t.type + '.';
  try {
    const dir = profileDir(env.env, (l) => ui.printErr(l));
    const name = writeNewFile(dir, prefix, '.pb.gz', encodeProfile(toProfile(p)));
    ui.printErr('Saved profile in ' + name);
  } catch (err) {
    ui.printErr('Could not save profile: ' + (err as Error).message);
  }
}

/** fetchProfiles reads the sources and bases and combines them into one working profile. */
export async function fetchProfiles(opts: SourceOptions, ui: DriverUI, env: FetchEnv = { env: process.env }): Promise<WProfile> {
  const [srcs, bases] = await Promise.all([grabAll(opts.sources, opts, ui), grabAll(opts.base, opts, ui)]);
  const save = srcs.some((g) => g.loaded && g.remote) || bases.some((g) => g.loaded && g.remote);
  // Equal samples stay apart unless the profile is saved or scaled against
  // a base (-normalize rounds each sample): the reports that list samples
  // compact it (runReport).
  let p = group(srcs, 'source', ui, { keepDuplicates: !save && bases.length === 0 });
  if (bases.length > 0) {
    const base = group(bases, 'base', ui);
    if (opts.diffBase) setLabel(base, 'pprof::base', ['true']);
    if (opts.normalize) normalize(p, base);
    scaleBy(base, -1);
    p = combine([loadedOf(p), loadedOf(base)]);
  }
  const sym = symbolizeModes(opts.symbolize, ui);
  // pprof's local symbolizer says this once, while fetching.
  if (sym.local) for (const w of symbolizeWarnings(p)) ui.printErr(w);
  if (save) unsourceMappings(p, sym.remote);
  if (opts.comment !== '') p.comment.push(opts.comment);
  if (save) saveFetched(p, ui, env);
  return p;
}
