// Requests to the server's JSON views, typed by the contract that the
// server implements (@fluoro/cli/contract). Errors come back as one line of
// plain text (the CLI's message), which the page shows as is.

import type { ViewJSON, ViewName } from '@fluoro/cli/contract';
import { settingsOnly } from './state.js';

/** ApiError is a failed view request with the server's message. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** getView fetches one view's JSON for the settings of a query (the UI's own parameters stay in the page). */
export async function getView<N extends ViewName>(base: string, view: N, q: URLSearchParams): Promise<ViewJSON[N]> {
  const s = settingsOnly(q).toString();
  const res = await fetch(`${base}api/${view}${s ? '?' + s : ''}`);
  if (!res.ok) throw new ApiError(res.status, (await res.text()).trim());
  return (await res.json()) as ViewJSON[N];
}
