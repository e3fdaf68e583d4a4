// An app process under test: started with its output watched until it says
// it listens, frozen (SIGSTOP) and thawed (SIGCONT) between measured windows
// so that only the app being measured runs, and stopped.

import { spawn } from 'node:child_process';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * startApp spawns `cmd args` and resolves once `ready(stdout, stderr)`
 * returns what it waited for (merged into the app), or rejects when stderr
 * matches `failure`, the app exits, or 30 s pass. An app that dies later is
 * reported on stderr: otherwise it shows only as the load generator's
 * ECONNREFUSED.
 */
export async function startApp({ name, cmd, args, cwd, env, ready, failure }) {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = new Promise((resolve, reject) => {
    const check = () => {
      const found = ready(out, err);
      if (found) resolve(found);
      if (failure.test(err)) reject(new Error(`${name}: ${err.trim()}`));
    };
    child.stdout.on('data', (d) => ((out += d), check()));
    child.stderr.on('data', (d) => ((err += d), check()));
    exited.then((code) => reject(new Error(`${name}: app exited (${code}) before listening\n${err}`)));
    setTimeout(() => reject(new Error(`${name}: app did not start in 30 s\n${err}`)), 30_000).unref();
  });
  try {
    const app = { name, child, pid: child.pid, exited, stopping: false, ...(await started) };
    exited.then((code) => {
      if (!app.stopping) process.stderr.write(`${name}: app exited (${code}) during the run\n${err}\n`);
    });
    return app;
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

/** listeningPort is the port an app printed (`listening PORT`), or undefined before it has. */
export const listeningPort = (stdout) => Number(/listening (\d+)/.exec(stdout)?.[1]) || undefined;

/** profilesUrl is the endpoint fluoro/listen printed (`serving profiles at URL`), or undefined before it has. */
export const profilesUrl = (stderr) => /serving profiles at (\S+)/.exec(stderr)?.[1];

/** thaw lets a frozen app run again. */
export const thaw = (app) => app.child.kill('SIGCONT');

/** freeze stops an app from running until thawed; it keeps its state and connections. */
export const freeze = (app) => app.child.kill('SIGSTOP');

/** stopApp asks an app to exit, and kills it if it has not in 3 s. */
export async function stopApp(app) {
  app.stopping = true;
  thaw(app);
  app.child.kill('SIGTERM');
  await Promise.race([app.exited, sleep(3000)]);
  app.child.kill('SIGKILL');
}

/** killOnExit kills the apps in `live` when this process exits (also on Ctrl-C), so none is left frozen. */
export function killOnExit(live) {
  process.on('exit', () => {
    for (const app of live) {
      thaw(app);
      app.child.kill('SIGKILL');
    }
  });
  process.on('SIGINT', () => process.exit(130));
}
