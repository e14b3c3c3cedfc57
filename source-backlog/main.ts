#!/usr/bin/env node
import { runCli } from './cli';

const argv = process.argv.slice(2);
// `sync` (local DuckDB copy) is loaded only when asked for: Airbyte's commands never load DuckDB.
// `views` (the views' DDL) is plain text too, not Airbyte messages.
const run =
  argv[0] === 'sync'
    ? import('./sync/sync-cli').then(({ runSyncCli }) => runSyncCli(argv.slice(1)))
    : argv[0] === 'views'
      ? import('./views-cli/views-cli').then(({ runViewsCli }) => runViewsCli(argv.slice(1)))
      : runCli(argv);

run.then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
