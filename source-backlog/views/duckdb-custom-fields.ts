import type { CustomFieldColumn, CustomFieldValuesView } from './custom-field-values';
import { FIELD_TYPE, VALUE_COLUMN } from './custom-field-values';
import { ISSUE_COLUMNS, WIDE_TYPE, type WideColumn, type WideView } from './custom-field-wide';
import { duckdbIdentifier } from './duckdb';
import { qualifiedName, type Qualifier } from './qualifier';

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
  const select = view.columns.map(
    (column) => `  ${columnValue(column)} AS ${duckdbIdentifier(column.name)}`,
  );
  return [
    `CREATE OR REPLACE VIEW ${qualifiedName(view.name, duckdbIdentifier, at)} AS`,
    'SELECT',
    select.join(',\n'),
    `FROM ${qualifiedName(view.stream, duckdbIdentifier, at)} AS p`,
    `CROSS JOIN unnest(CAST(p.${duckdbIdentifier(view.arrayField)} AS JSON[])) AS e(value)`,
  ].join('\n');
}

function wideValue(column: WideColumn, alias: string): string {
  const value = `${alias}.${duckdbIdentifier(VALUE_COLUMN[column.kind])}`;
  // DuckDB lists count from 1: the one chosen item of a single list or radio field.
  return column.kind === 'single' ? `${value}[1]` : value;
}

/** One project's wide view: its issues, one column per custom field, joined from the values. */
export function duckdbWideViewSql(view: WideView, at?: Qualifier): string {
  const aliases = view.columns.map((_, index) => `f${index + 1}`);
  const select = [
    ...ISSUE_COLUMNS.map(
      ({ name, field }) => `  i.${duckdbIdentifier(field)} AS ${duckdbIdentifier(name)}`,
    ),
    ...view.columns.map(
      (column, index) =>
        `  CAST(${wideValue(column, aliases[index])} AS ${WIDE_TYPE[column.kind]}) AS ${duckdbIdentifier(column.name)}`,
    ),
  ];
  const joins = view.columns.map(
    (column, index) =>
      `LEFT JOIN ${qualifiedName(view.values, duckdbIdentifier, at)} AS ${aliases[index]} ON ${aliases[index]}."issueId" = i."id" AND ${aliases[index]}."customFieldId" = ${column.fieldId}`,
  );
  return [
    `CREATE OR REPLACE VIEW ${qualifiedName(view.name, duckdbIdentifier, at)} AS`,
    'SELECT',
    select.join(',\n'),
    `FROM ${qualifiedName('issues', duckdbIdentifier, at)} AS i`,
    ...joins,
    `WHERE i."projectId" = ${view.projectId}`,
  ].join('\n');
}
