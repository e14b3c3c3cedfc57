import {
  parseOptions,
  runPlainCommand,
  type PlainCommand,
  type Terminal,
} from '../plain-cli/plain-cli';
import { viewStatements, wideViewsOf, type Dialect, type Qualifier } from '../views';
import { readDefinitions, type Definitions } from './custom-field-definitions';
import { ViewsError } from './views-error';

export const VIEWS_USAGE =
  'usage: source-backlog views --dialect snowflake|duckdb [--config CONFIG.json] [--database DB] [--schema SCHEMA]';

const VIEWS_HELP = `Prints the CREATE OR REPLACE VIEW statements of the flatten views, the custom-field values
view and, with --config, one wide custom-field view per project, for you to run in Snowflake (or
DuckDB: the statements sync runs). Run it again after a custom field is added, renamed or removed.

  --dialect D        snowflake (over the tables Airbyte's Snowflake destination writes) or duckdb
  --config FILE      the connector's config: reads the projects' custom fields from Backlog
  --database DB      qualify the views and tables with this database
  --schema SCHEMA    qualify the views and tables with this schema (the connection's schema)

More: docs/snowflake-views.md
`;

const DIALECTS: Dialect[] = ['snowflake', 'duckdb'];

const VIEWS: PlainCommand = {
  name: 'views',
  usage: VIEWS_USAGE,
  help: VIEWS_HELP,
  Failure: ViewsError,
  unexpectedHint: 'Run views again; if it fails the same way, report it with this message.',
};

interface ViewsOptions {
  dialect: Dialect;
  configPath?: string;
  at: Qualifier;
}

function parseViewsArgs(argv: string[]): ViewsOptions {
  const values = parseOptions(VIEWS, argv, {
    dialect: { type: 'string' },
    config: { type: 'string' },
    database: { type: 'string' },
    schema: { type: 'string' },
  });
  if (!values.dialect) throw new ViewsError('--dialect is required', VIEWS_USAGE);
  const dialect = DIALECTS.find((name) => name === values.dialect);
  if (!dialect)
    throw new ViewsError(
      `--dialect must be snowflake or duckdb, not "${values.dialect}"`,
      VIEWS_USAGE,
    );
  if (values.database && !values.schema)
    throw new ViewsError('--database needs --schema too', VIEWS_USAGE);
  return {
    dialect,
    configPath: values.config,
    at: { database: values.database, schema: values.schema },
  };
}

/**
 * `source-backlog views`: the views' DDL on stdout. Not an Airbyte command: plain text, and on
 * failure one line saying what went wrong and a hint on stderr (never a stack trace). Resolves to
 * the exit code.
 */
export async function runViewsCli(
  argv: string[],
  terminal: Terminal = { stdout: process.stdout, stderr: process.stderr },
  read: (configPath: string) => Promise<Definitions> = readDefinitions,
): Promise<number> {
  return runPlainCommand(VIEWS, argv, terminal, async () => {
    const options = parseViewsArgs(argv);
    let wide: ReturnType<typeof wideViewsOf> = [];
    if (options.configPath) {
      const { projects, fields } = await read(options.configPath);
      wide = wideViewsOf(projects, fields);
    } else {
      terminal.stderr.write(
        'source-backlog views: printing the fixed views only; the per-project custom-field views (issue_custom_fields_<project key>) need --config.\n',
      );
    }
    const statements = viewStatements(options.dialect, wide, options.at);
    terminal.stdout.write(statements.map(({ sql }) => `${sql};\n`).join('\n'));
    return undefined;
  });
}
