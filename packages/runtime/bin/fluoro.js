#!/usr/bin/env node
// The `fluoro` command (pprof, run): what `npm install fluoro` puts in
// node_modules/.bin. The analyzer lives in @fluoro/cli, a dependency of this
// package that the service's own code never loads. This file is committed,
// not built, so npm can link it at install time before any compile step.
await import('@fluoro/cli/main');
