import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { runCheck, runDiscover, runRead, runSpec } from './commands';
import { asConnectorError, configError, ConnectorError } from './protocol/failures';
import type { LogLevel } from './protocol/messages';
import { MessageWriter } from './protocol/output';

const USAGE = `usage: source-backlog spec
       source-backlog check --config CONFIG.json
       source-backlog discover --config CONFIG.json
       source-backlog read --config CONFIG.json --catalog CATALOG.json [--state STATE.json]
       source-backlog sync --config CONFIG.json [--db FILE.duckdb] [--streams a,b]  (local DuckDB copy, not Airbyte)
       source-backlog views --dialect snowflake|duckdb [--config CONFIG.json] [--database DB] [--schema SCHEMA]  (views' DDL, not Airbyte)`;

const HELP = `source-backlog: an Airbyte source connector for Nulab Backlog (REST API v2)

${USAGE}

commands:
  spec       print the configuration spec (the fields of CONFIG.json), as an Airbyte SPEC message
  check      try CONFIG.json against Backlog: space URL, credentials, project keys
  discover   list the streams with their JSON schemas, primary keys and cursors
  read       read the streams CATALOG.json selects, incremental ones from STATE.json
  sync       copy the space into a local DuckDB file, without Airbyte (source-backlog sync --help)
  views      print the views' CREATE OR REPLACE VIEW statements for Snowflake or DuckDB, custom
             fields included (source-backlog views --help)

spec, check, discover and read write Airbyte protocol messages, one JSON object per line.
Documentation: README.md and docs/ beside the package, or
https://github.com/source-backlog/source-backlog#readme
`;

function readJsonFile(path: string, what: string, optional = false): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw configError(`Cannot read the ${what} file ${path}: ${(error as Error).message}`);
  }
  if (optional && text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw configError(`The ${what} file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function requireOption(value: string | undefined, name: string): string {
  if (!value) throw configError(`--${name} is required\n${USAGE}`);
  return value;
}

function logLevel(): LogLevel {
  const level = (process.env.LOG_LEVEL ?? 'INFO').toUpperCase();
  return (
    (['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const).find((l) => l === level) ??
    'INFO'
  );
}

/** Runs one connector command; resolves to the process exit code. Nothing but messages on stdout. */
export async function runCli(
  argv: string[],
  out = new MessageWriter(process.stdout, undefined, logLevel()),
  terminal: Writable = process.stdout,
): Promise<number> {
  // For a person at a terminal; Airbyte always names a command, so its runs never get here.
  if (argv.length === 0 || (argv.length === 1 && ['--help', '-h', 'help'].includes(argv[0]))) {
    terminal.write(HELP);
    return 0;
  }
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        catalog: { type: 'string' },
        state: { type: 'string' },
      },
    });
    const [command, ...extra] = positionals;
    if (extra.length > 0) throw configError(`Unexpected arguments: ${extra.join(' ')}\n${USAGE}`);
    switch (command) {
      case 'spec':
        runSpec(out);
        break;
      case 'check':
        await runCheck(readJsonFile(requireOption(values.config, 'config'), 'config'), out);
        break;
      case 'discover':
        runDiscover(readJsonFile(requireOption(values.config, 'config'), 'config'), out);
        break;
      case 'read':
        await runRead(
          readJsonFile(requireOption(values.config, 'config'), 'config'),
          readJsonFile(requireOption(values.catalog, 'catalog'), 'catalog'),
          values.state ? readJsonFile(values.state, 'state', true) : undefined,
          out,
        );
        break;
      default:
        throw configError(
          `${command ? `Unknown command "${command}"` : 'No command given'}\n${USAGE}`,
        );
    }
    await out.flush();
    return 0;
  } catch (error) {
    // A stream's own failure was traced when it happened: this is the error the run ends with.
    const failure =
      error instanceof ConnectorError
        ? error
        : (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')
          ? configError(`${(error as Error).message}\n${USAGE}`)
          : asConnectorError(error);
    out.traceError(failure);
    await out.flush();
    return 1;
  }
}
