import { viewSql } from '.';
import { createSyncTables, inMemoryDuckdb } from './duckdb.fixture';
import { VIEWS_WITH_SCHEMA } from './views.fixture';

/** The Snowflake type each DuckDB type (as DESCRIBE spells it) corresponds to. */
const SNOWFLAKE_FOR_DUCKDB: Record<string, string> = {
  BIGINT: 'NUMBER',
  DOUBLE: 'FLOAT',
  VARCHAR: 'VARCHAR',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP_TZ',
  BOOLEAN: 'BOOLEAN',
  JSON: 'VARIANT',
  DATE: 'DATE',
};

/**
 * The Snowflake query's columns, read off its text: `<expression>::<TYPE> AS "<NAME>"`, or
 * `TO_VARIANT(<expression>) AS "<NAME>"`.
 */
function snowflakeColumns(sql: string): string[] {
  const select = sql.slice(sql.indexOf('\nSELECT\n') + 8, sql.indexOf('\nFROM '));
  return select.split(',\n').map((item) => {
    const match = /::([A-Z_]+) AS "([^"]+)"$/.exec(item);
    if (match) return `${match[2]} ${match[1]}`;
    const variant = /^ {2}TO_VARIANT\(.*\) AS "([^"]+)"$/.exec(item);
    if (!variant) throw new Error(`Not a typed column: ${item}`);
    return `${variant[1]} VARIANT`;
  });
}

describe('the Snowflake and DuckDB queries of each view', () => {
  const connection = inMemoryDuckdb((opened) =>
    createSyncTables(
      opened,
      VIEWS_WITH_SCHEMA.map((view) => view.stream),
    ),
  );

  it.each(VIEWS_WITH_SCHEMA.map((view) => [view.name, view] as const))(
    '%s: same column names (case aside), corresponding types',
    async (_name, view) => {
      await connection().run(viewSql(view, 'duckdb'));
      const described = await connection().runAndReadAll(`DESCRIBE "${view.name}"`);
      const duckdb = described
        .getRowObjectsJS()
        .map(
          (row) =>
            `${String(row.column_name).toUpperCase()} ${SNOWFLAKE_FOR_DUCKDB[String(row.column_type)] ?? `(DuckDB ${String(row.column_type)})`}`,
        );
      expect(snowflakeColumns(viewSql(view, 'snowflake'))).toEqual(duckdb);
    },
  );
});
