// AnalyzerError lives in ../errors.ts, below every layer that throws it;
// this re-export keeps the imports of web/ and run/ (owned elsewhere)
// working until they move.
export { AnalyzerError } from '../errors.js';
