import type { Qualifier } from './qualifier';
import type { ViewColumn, ViewLayout } from './view-columns';
import { unnestViewSql, type SqlDialect } from './view-sql';

/** A quoted DuckDB identifier: the sync's tables keep the streams' and fields' names as they are. */
export function duckdbIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The sync's tables keep an array column as JSON: it is unnested into one row per element. */
export const DUCKDB: SqlDialect = {
  identifier: duckdbIdentifier,
  unnest: (table, arrayField) => [
    `FROM ${table} AS p`,
    `CROSS JOIN unnest(CAST(p.${duckdbIdentifier(arrayField)} AS JSON[])) AS e(value)`,
  ],
};

function columnValue(column: ViewColumn): string {
  if (column.from === 'parent') return `p.${duckdbIdentifier(column.field)}`;
  const key = `'${column.field}'`;
  switch (column.type) {
    case 'VARCHAR':
      return `e.value->>${key}`;
    case 'JSON':
      // ->> turns a JSON null into NULL; -> keeps it as the JSON value null, which no other
      // column type has.
      return `NULLIF(e.value->${key}, 'null'::JSON)`;
    default:
      return `CAST(e.value->>${key} AS ${column.type})`;
  }
}

/**
 * The view over the sync's tables (named and quoted as sync/table-layout.ts names them): the
 * array column, a JSON column there, is unnested into one row per element.
 */
export function duckdbViewSql({ view, columns }: ViewLayout, at?: Qualifier): string {
  return unnestViewSql(DUCKDB, view, columns, columnValue, at);
}
