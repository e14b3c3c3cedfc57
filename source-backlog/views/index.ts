import type { ViewDefinition } from './definitions';
import { duckdbViewSql } from './duckdb';
import { snowflakeViewSql } from './snowflake';
import { viewLayoutOf, type SchemaSource } from './view-columns';

export { VIEWS, type ViewDefinition } from './definitions';
export { viewLayoutOf, type ViewColumn, type ViewLayout } from './view-columns';

export type Dialect = 'duckdb' | 'snowflake';

const RENDERERS = { duckdb: duckdbViewSql, snowflake: snowflakeViewSql };

/** The CREATE OR REPLACE VIEW statement of `view` in `dialect` (no trailing semicolon). */
export function viewSql(view: ViewDefinition, dialect: Dialect, schemaOf?: SchemaSource): string {
  return RENDERERS[dialect](viewLayoutOf(view, schemaOf));
}
