// Interleaved rounds over generations of app processes, the method of the
// overhead benchmarks: the machine has 2 cores and other work on it comes
// and goes in bursts of seconds, so modes are compared in many short
// windows, one app running at a time, in an order rotated every round; and
// the rounds are split over fresh sets of processes, so no mode's result
// rests on one process's luck.

import { killOnExit, stopApp } from './app-process.mjs';

/**
 * runRounds runs `plan.rounds` rounds split over `plan.generations` sets of
 * processes, one app per mode (`start(mode)`). `slot(app, { warmupS,
 * windowS, measured })` loads an app for warmupS + windowS seconds and
 * measures the window: first, unmeasured, for JIT warm-up (plan.jitWarmup
 * seconds), then once per round for each mode (plan.warmup, then
 * plan.seconds). Each round prints a line made by `progress([[app, result],
 * ...])`; `afterGeneration(apps, g)` runs before a generation's apps are
 * stopped. It returns each mode's results, tagged with round and generation,
 * and stops the load generator (bench/lib/load.mjs) however the run ends.
 */
export async function runRounds(plan, { load, ...run }) {
  try {
    return await roundsOverGenerations(plan, run);
  } finally {
    load.stop();
  }
}

async function roundsOverGenerations({ rounds, generations, jitWarmup, warmup, seconds }, { modes, start, slot, progress, afterGeneration }) {
  const results = Object.fromEntries(modes.map((m) => [m, []]));
  const live = new Set();
  killOnExit(live);
  let round = 0;
  for (let g = 0; g < generations; g++) {
    const apps = [];
    for (const mode of modes) {
      const app = await start(mode);
      live.add(app);
      apps.push(app);
      await slot(app, { warmupS: jitWarmup, windowS: 0.5, measured: false });
    }
    const roundsHere = Math.floor(rounds / generations) + (g < rounds % generations ? 1 : 0);
    for (let k = 0; k < roundsHere; k++, round++) {
      const done = [];
      for (let i = 0; i < apps.length; i++) {
        const app = apps[(i + round) % apps.length];
        const res = await slot(app, { warmupS: warmup, windowS: seconds, measured: true });
        results[app.name].push({ round, generation: g, ...res });
        done.push([app, res]);
      }
      process.stdout.write(`round ${round + 1}/${rounds}: ${progress(done)}\n`);
    }
    await afterGeneration?.(apps, g);
    for (const app of apps) {
      await stopApp(app);
      live.delete(app);
    }
  }
  return results;
}
