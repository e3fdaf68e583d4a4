// The CPU work every framework example serves on /work.

/** busyWork hashes numbers for a few milliseconds. */
export function busyWork() {
  let h = 0;
  for (let i = 0; i < 2_000_000; i++) h = (h * 31 + i) % 1000003;
  return h;
}
