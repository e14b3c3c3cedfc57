import { CUSTOM_FIELD_VALUES } from './custom-field-values';
import type { WideView } from './custom-field-wide';
import type { ViewDefinition } from './definitions';
import { VIEWS } from './definitions';
import { duckdbViewSql } from './duckdb';
import { duckdbCustomFieldValuesSql, duckdbWideViewSql } from './duckdb-custom-fields';
import type { Qualifier } from './qualifier';
import { snowflakeViewSql } from './snowflake';
import { snowflakeCustomFieldValuesSql, snowflakeWideViewSql } from './snowflake-custom-fields';
import { viewLayoutOf, type SchemaSource } from './view-columns';

export { VIEWS, type ViewDefinition } from './definitions';
export { viewLayoutOf, type ViewColumn, type ViewLayout } from './view-columns';
export { CUSTOM_FIELD_VALUES, type CustomFieldValuesView } from './custom-field-values';
export {
  WIDE_VIEW_PREFIX,
  wideViewsOf,
  type CustomFieldDefinition,
  type ProjectRef,
  type WideView,
} from './custom-field-wide';
export type { Qualifier } from './qualifier';

export type Dialect = 'duckdb' | 'snowflake';

const RENDERERS = {
  duckdb: {
    flatten: duckdbViewSql,
    values: duckdbCustomFieldValuesSql,
    wide: duckdbWideViewSql,
  },
  snowflake: {
    flatten: snowflakeViewSql,
    values: snowflakeCustomFieldValuesSql,
    wide: snowflakeWideViewSql,
  },
};

/** The CREATE OR REPLACE VIEW statement of `view` in `dialect` (no trailing semicolon). */
export function viewSql(
  view: ViewDefinition,
  dialect: Dialect,
  schemaOf?: SchemaSource,
  at?: Qualifier,
): string {
  return RENDERERS[dialect].flatten(viewLayoutOf(view, schemaOf), at);
}

/** The statement of the custom-field values view (`issue_custom_field_values`). */
export function customFieldValuesSql(dialect: Dialect, at?: Qualifier): string {
  return RENDERERS[dialect].values(CUSTOM_FIELD_VALUES, at);
}

/** The statement of one project's wide custom-field view. */
export function wideViewSql(view: WideView, dialect: Dialect, at?: Qualifier): string {
  return RENDERERS[dialect].wide(view, at);
}

export interface ViewStatement {
  name: string;
  /** The table the view reads (wide views read `issues` and the values view). */
  stream: string;
  sql: string;
}

/**
 * Every view in the order they can be created: the flatten views, the custom-field values view,
 * then the wide views it feeds.
 */
export function viewStatements(
  dialect: Dialect,
  wideViews: WideView[] = [],
  at?: Qualifier,
): ViewStatement[] {
  return [
    ...VIEWS.map((view) => ({
      name: view.name,
      stream: view.stream,
      sql: viewSql(view, dialect, undefined, at),
    })),
    {
      name: CUSTOM_FIELD_VALUES.name,
      stream: CUSTOM_FIELD_VALUES.stream,
      sql: customFieldValuesSql(dialect, at),
    },
    ...wideViews.map((view) => ({
      name: view.name,
      stream: 'issues',
      sql: wideViewSql(view, dialect, at),
    })),
  ];
}
