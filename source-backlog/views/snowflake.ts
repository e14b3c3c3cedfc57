import type { ColumnType } from './column-types';
import type { Qualifier } from './qualifier';
import type { ViewColumn, ViewLayout } from './view-columns';
import { unnestViewSql, type SqlDialect } from './view-sql';

/**
 * A table or column name as Airbyte's Snowflake destination (Destinations V2) writes it:
 * `toSnowflakeCompatibleName` in destination-snowflake's SnowflakeNamingUtils.kt upper-cases the
 * stream or field name (after escaping double quotes), and the destination quotes it, so
 * `issues.issueKey` is "ISSUES"."ISSUEKEY". Quoting it here too keeps a name that is a keyword
 * usable.
 */
export function snowflakeIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""').toUpperCase()}"`;
}

/** The destination's final tables keep an array column as ARRAY: it is flattened. */
export const SNOWFLAKE: SqlDialect = {
  identifier: snowflakeIdentifier,
  unnest: (table, arrayField) => [
    `FROM ${table} AS p,`,
    `  LATERAL FLATTEN(input => p.${snowflakeIdentifier(arrayField)}) AS e`,
  ],
};

/** The Snowflake type of each column type: what the destination's table column would have. */
export const SNOWFLAKE_TYPE: Record<ColumnType, string> = {
  BIGINT: 'NUMBER',
  DOUBLE: 'FLOAT',
  BOOLEAN: 'BOOLEAN',
  VARCHAR: 'VARCHAR',
  TIMESTAMPTZ: 'TIMESTAMP_TZ',
  TIMESTAMP: 'TIMESTAMP_NTZ',
  DATE: 'DATE',
  TIME: 'TIME',
  JSON: 'VARIANT',
};

function columnValue(column: ViewColumn): string {
  if (column.from === 'parent')
    return `p.${snowflakeIdentifier(column.field)}::${SNOWFLAKE_TYPE[column.type]}`;
  // Keys inside a VARIANT keep Backlog's camelCase and are case-sensitive: quoted as they are.
  const path = `e.value:"${column.field}"`;
  // A JSON null inside a VARIANT is not SQL NULL; the casts to scalar types turn it into NULL.
  if (column.type === 'JSON') return `TO_VARIANT(STRIP_NULL_VALUE(${path}))`;
  return `${path}::${SNOWFLAKE_TYPE[column.type]}`;
}

/**
 * The view over the destination's final tables, in the schema they are in: the array column
 * (ARRAY there) is flattened into one row per element, each field cast to its column's type
 * (VARIANT through TO_VARIANT: node-sql-parser, which checks these statements, reads no
 * `::VARIANT`, and TO_VARIANT is the same conversion).
 */
export function snowflakeViewSql({ view, columns }: ViewLayout, at?: Qualifier): string {
  return unnestViewSql(SNOWFLAKE, view, columns, columnValue, at);
}
