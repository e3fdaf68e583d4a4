// The program the start-up bench runs: nothing, so what is measured is
// Node's own start plus whatever was preloaded.
