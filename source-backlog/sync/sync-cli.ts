import {
  parseOptions,
  runPlainCommand,
  type PlainCommand,
  type Terminal,
} from '../plain-cli/plain-cli';
import { SyncError } from './sync-error';
import type { runSync as RunSync } from './sync-run';
import { formatSummary } from './summary-table';

export const SYNC_USAGE =
  'usage: source-backlog sync --config CONFIG.json [--db FILE.duckdb] [--streams a,b,…] [--soft-delete]';

const DEFAULT_DB = './backlog.duckdb';

const SYNC_HELP = `Copies the space into a DuckDB file, without Airbyte; run it again to bring the copy up to date
(incremental streams read only what changed).

  --config CONFIG.json   the connector's config (see docs/configuration.md)
  --db FILE.duckdb       the DuckDB file to create or update (default ${DEFAULT_DB})
  --streams a,b,…        only these streams (default: all)
  --soft-delete          keep deleted rows, flagged with _ab_cdc_deleted_at, instead of removing them

More: docs/local-sync.md
`;

const SYNC: PlainCommand = {
  name: 'sync',
  usage: SYNC_USAGE,
  help: SYNC_HELP,
  Failure: SyncError,
  unexpectedHint:
    'Run the same sync again (it resumes from the last checkpoint); if it fails the same way, report it with this message.',
};

function parseSyncArgs(argv: string[]) {
  const values = parseOptions(SYNC, argv, {
    config: { type: 'string' },
    db: { type: 'string', default: DEFAULT_DB },
    streams: { type: 'string' },
    'soft-delete': { type: 'boolean', default: false },
  });
  const { config, db, streams } = values;
  if (!config) throw new SyncError('--config is required', SYNC_USAGE);
  const names = streams
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return {
    configPath: config,
    dbPath: db as string,
    streams: names && names.length > 0 ? names : undefined,
    deletions: values['soft-delete'] ? ('soft' as const) : ('hard' as const),
  };
}

/** DuckDB is an optional dependency (the Docker image leaves it out): say so if it is missing. */
async function loadSync(): Promise<typeof RunSync> {
  try {
    return (await import('./sync-run')).runSync;
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      /@duckdb/.test(String(error))
    ) {
      throw new SyncError(
        'DuckDB is not installed here (@duckdb/node-api, an optional dependency, is missing)',
        'Run npm ci without --omit=optional, on a platform DuckDB publishes binaries for.',
      );
    }
    throw error;
  }
}

/**
 * `source-backlog sync`: a local DuckDB copy of the space, without Airbyte. Not an Airbyte
 * command: stdout gets the summary table, stderr the progress and, on failure, one line saying
 * what went wrong and a hint (never a stack trace). Resolves to the exit code.
 */
export async function runSyncCli(
  argv: string[],
  terminal: Terminal = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  return runPlainCommand(SYNC, argv, terminal, async () => {
    const options = parseSyncArgs(argv);
    const runSync = await loadSync();
    const report = await runSync(options, {
      stderr: terminal.stderr,
      live: terminal.stderr.isTTY === true,
    });
    terminal.stdout.write(`${formatSummary(report)}\n`);
    return report.failure;
  });
}
