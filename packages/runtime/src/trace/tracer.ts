// What the /debug/pprof/trace endpoint drives: a Tracer runs one trace of
// the main thread at a time. Under fluoro/listen the listener worker is the
// tracer itself (collector.ts); handler() on the main thread starts a helper
// worker per trace (helper-tracer.ts), since data from Node's tracing agent
// must never be parsed on the application's thread (a malformed chunk there
// is a fatal V8 error, not an exception).

/** DEFAULT_CATEGORIES are the Node trace categories of a default trace: GC, fs, DNS and TCP connects, about +5-10% CPU together. */
export const DEFAULT_CATEGORIES = ['v8', 'node.fs.sync', 'node.fs.async', 'node.dns.native', 'node.net.native'];

/** ASYNC_CATEGORIES are what detail=async adds: every async resource and callback, and microtask runs (5-8x CPU per request). */
export const ASYNC_CATEGORIES = ['node.async_hooks', 'v8.execute'];

/** TraceOptions says what one trace records. */
export interface TraceOptions {
  /** Node trace categories to enable. */
  categories: string[];
  /** Record fluoro's expensive detail (sampled await times). */
  asyncDetail: boolean;
}

/** Tracer runs traces of the main thread, one at a time. */
export interface Tracer {
  /** start begins a trace; ERR_TRACE_IN_USE when one runs, ERR_TRACE_UNRESPONSIVE when the main thread does not answer. */
  start(options: TraceOptions): Promise<void>;
  /** stop ends the trace and returns the gzipped trace file. */
  stop(): Promise<Buffer>;
  /** abort ends the trace and drops what it recorded (its client left). */
  abort(): Promise<void>;
  /** close ends any trace at once, without waiting: the process is exiting. */
  close(): void;
}

const CATEGORY = /^[A-Za-z0-9_.*-]+$/;

/** traceOptions reads a trace request's query: categories=a,b adds Node categories, detail=async adds the expensive detail. */
export function traceOptions(query: URLSearchParams): TraceOptions {
  const categories = new Set(DEFAULT_CATEGORIES);
  const detail = query.get('detail') ?? '';
  if (detail !== '' && detail !== 'async') throw new TypeError(`unknown detail ${JSON.stringify(detail)}: want detail=async`);
  const asyncDetail = detail === 'async';
  if (asyncDetail) for (const c of ASYNC_CATEGORIES) categories.add(c);
  for (const c of (query.get('categories') ?? '').split(',')) {
    if (c === '') continue;
    if (!CATEGORY.test(c)) throw new TypeError(`bad trace category ${JSON.stringify(c)}`);
    categories.add(c);
  }
  return { categories: [...categories], asyncDetail };
}
