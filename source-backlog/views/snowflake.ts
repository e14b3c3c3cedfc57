import type { ColumnType } from './column-types';
import type { ViewColumn, ViewLayout } from './view-columns';

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
  if (column.from === 'parent') return `p.${snowflakeIdentifier(column.field)}`;
  // Keys inside a VARIANT keep Backlog's camelCase and are case-sensitive: quoted as they are.
  const path = `e.value:"${column.field}"`;
  // A JSON null inside a VARIANT is not SQL NULL; the casts to scalar types turn it into NULL.
  return column.type === 'JSON' ? `STRIP_NULL_VALUE(${path})` : path;
}

/**
 * The view over the destination's final tables, in the schema they are in: the array column
 * (ARRAY there) is flattened into one row per element, each field cast to its column's type.
 */
export function snowflakeViewSql({ view, columns }: ViewLayout): string {
  const select = columns.map(
    (column) =>
      `  ${columnValue(column)}::${SNOWFLAKE_TYPE[column.type]} AS ${snowflakeIdentifier(column.name)}`,
  );
  return [
    `CREATE OR REPLACE VIEW ${snowflakeIdentifier(view.name)} AS`,
    'SELECT',
    select.join(',\n'),
    `FROM ${snowflakeIdentifier(view.stream)} AS p,`,
    `  LATERAL FLATTEN(input => p.${snowflakeIdentifier(view.arrayField)}) AS e`,
  ].join('\n');
}
