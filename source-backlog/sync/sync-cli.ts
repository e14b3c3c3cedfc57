import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
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

interface Terminal {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

function parseSyncArgs(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        db: { type: 'string', default: DEFAULT_DB },
        streams: { type: 'string' },
        'soft-delete': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new SyncError((error as Error).message, SYNC_USAGE);
  }
  const { config, db, streams } = parsed.values;
  if (!config) throw new SyncError('--config is required', SYNC_USAGE);
  const names = streams
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return {
    configPath: config,
    dbPath: db as string,
    streams: names && names.length > 0 ? names : undefined,
    deletions: parsed.values['soft-delete'] ? ('soft' as const) : ('hard' as const),
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

/** The one line saying what went wrong and the hint, on stderr; resolves to the exit code. */
function printFailure(terminal: Terminal, failure: SyncError): number {
  terminal.stderr.write(`source-backlog sync: ${failure.message}\nhint: ${failure.hint}\n`);
  return 1;
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
  if (argv.length === 1 && ['--help', '-h'].includes(argv[0])) {
    terminal.stdout.write(`${SYNC_USAGE}\n\n${SYNC_HELP}`);
    return 0;
  }
  try {
    const options = parseSyncArgs(argv);
    const runSync = await loadSync();
    const report = await runSync(options, {
      stderr: terminal.stderr,
      live: terminal.stderr.isTTY === true,
    });
    terminal.stdout.write(`${formatSummary(report)}\n`);
    if (!report.failure) return 0;
    return printFailure(terminal, report.failure);
  } catch (error) {
    return printFailure(
      terminal,
      error instanceof SyncError
        ? error
        : new SyncError(
            `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
            'Run the same sync again (it resumes from the last checkpoint); if it fails the same way, report it with this message.',
          ),
    );
  }
}
