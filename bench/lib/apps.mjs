// The services the overhead benchmarks load; each answers GET /api/orders?user=N
// and prints `listening PORT` (PORT=0 picks a free one).

import { fileURLToPath } from 'node:url';

const APPS = {
  orders: { path: '../apps/orders-app.mjs', env: {} },
  promises: { path: '../apps/promises-app.mjs', env: { LIGHT: '0' } },
  'promises-light': { path: '../apps/promises-app.mjs', env: { LIGHT: '1' } },
};

/** benchApp resolves an --app name to its script and environment, or throws naming the known ones. */
export function benchApp(name) {
  const app = APPS[name];
  if (app === undefined) throw new Error(`unknown --app ${name}; known: ${Object.keys(APPS).join(', ')}`);
  return { path: fileURLToPath(new URL(app.path, import.meta.url)), env: app.env, promises: app.path.endsWith('promises-app.mjs') };
}
