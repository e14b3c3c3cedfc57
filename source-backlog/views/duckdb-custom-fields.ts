import type { CustomFieldColumn, CustomFieldValuesView } from './custom-field-values';
import { FIELD_TYPE } from './custom-field-values';
import { WIDE_TYPE, type WideView } from './custom-field-wide';
import { DUCKDB, duckdbIdentifier } from './duckdb';
import type { Qualifier } from './qualifier';
import { unnestViewSql, wideSql } from './view-sql';

const FIELD_TYPE_ID = `CAST(e.value->>'fieldTypeId' AS BIGINT)`;
const VALUE = `e.value->'value'`;

const inTypes = (types: readonly number[]) => `${FIELD_TYPE_ID} IN (${types.join(', ')})`;

/** The chosen items as a JSON array: a single choice wrapped in one, no choice an empty one. */
const CHOSEN_ITEMS = [
  'CASE',
  `WHEN ${inTypes(FIELD_TYPE.items)} THEN coalesce(${VALUE}, '[]'::JSON)`,
  `WHEN ${inTypes(FIELD_TYPE.singleItem)} AND json_type(${VALUE}) = 'OBJECT' THEN json_array(${VALUE})`,
  `WHEN ${inTypes(FIELD_TYPE.singleItem)} THEN '[]'::JSON`,
  'END',
].join(' ');

function columnValue({ type, source }: CustomFieldColumn): string {
  switch (source.from) {
    case 'issue':
      return `p.${duckdbIdentifier(source.field)}`;
    case 'field':
      return type === 'VARCHAR'
        ? `e.value->>'${source.field}'`
        : `CAST(e.value->>'${source.field}' AS ${type})`;
    case 'value': {
      const text = `e.value->>'value'`;
      // A Date value is a date-time string ("2014-08-11T00:00:00Z"): its calendar date is the day.
      const value =
        type === 'VARCHAR'
          ? text
          : type === 'DATE'
            ? `TRY_CAST(left(${text}, 10) AS DATE)`
            : `TRY_CAST(${text} AS ${type})`;
      return `CASE WHEN ${inTypes(source.fieldTypes)} THEN ${value} END`;
    }
    case 'items':
      return source.key === 'id'
        ? `CAST(json_extract(${CHOSEN_ITEMS}, '$[*].id') AS BIGINT[])`
        : `json_extract_string(${CHOSEN_ITEMS}, '$[*].name')`;
  }
}

/** The custom-field values view over the sync's `issues` table: customFields unnested. */
export function duckdbCustomFieldValuesSql(view: CustomFieldValuesView, at?: Qualifier): string {
  return unnestViewSql(DUCKDB, view, view.columns, columnValue, at);
}

/** One project's wide view, each field's value cast to its kind's type. */
export function duckdbWideViewSql(view: WideView, at?: Qualifier): string {
  return wideSql(
    DUCKDB,
    view,
    {
      issue: (ref) => ref,
      // DuckDB lists count from 1: the one chosen item of a single list or radio field.
      field: (ref, kind) => `CAST(${kind === 'single' ? `${ref}[1]` : ref} AS ${WIDE_TYPE[kind]})`,
    },
    at,
  );
}
