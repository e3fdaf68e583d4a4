// Preloaded first in every run of the start-up bench: at exit, prints the
// process's CPU time (all threads, microseconds) and peak RSS on stderr, finer
// than /usr/bin/time's 10 ms ticks. Every kind of run loads it, so its own
// small cost cancels out of the comparison.
process.on('exit', () => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  process.stderr.write(`usage ${userCPUTime + systemCPUTime} ${maxRSS}\n`);
});
