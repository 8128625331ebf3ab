#!/usr/bin/env node
// Runs the compiled CLI (npm run build writes dist/).
require('../dist/src/cli.js').runCli(process.argv.slice(2));
