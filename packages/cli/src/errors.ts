// AnalyzerError is every failure the analyzer reports to the user: the CLI
// prints its message as one line and exits 1.

/** AnalyzerError is a user-facing analyzer failure with a one-line message. */
export class AnalyzerError extends Error {
  readonly code: string;
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'AnalyzerError';
    this.code = options?.code ?? 'ERR_ANALYZER';
  }
}
