#!/usr/bin/env node
// The `fluoro` command's entry. It is committed, not built, so that npm links
// it into node_modules/.bin at install time, before the TypeScript is compiled
// (npm skips a bin whose file does not exist yet).
await import('../dist/src/main.js');
