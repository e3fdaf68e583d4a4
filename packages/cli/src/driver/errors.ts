// AnalyzerError now lives in ../errors.ts, below every layer that throws
// it; this re-export keeps the web UI's imports working until they move.
export { AnalyzerError } from '../errors.js';
