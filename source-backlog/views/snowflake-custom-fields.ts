import type { CustomFieldColumn, CustomFieldValuesView } from './custom-field-values';
import { FIELD_TYPE, VALUE_COLUMN } from './custom-field-values';
import { ISSUE_COLUMNS, WIDE_TYPE, type WideColumn, type WideView } from './custom-field-wide';
import { qualifiedName, type Qualifier } from './qualifier';
import { SNOWFLAKE_TYPE, snowflakeIdentifier } from './snowflake';

const FIELD_TYPE_ID = `e.value:"fieldTypeId"::NUMBER`;
const VALUE = `e.value:"value"`;

const inTypes = (types: readonly number[]) => `${FIELD_TYPE_ID} IN (${types.join(', ')})`;

/** The chosen items as an ARRAY: a single choice wrapped in one, no choice an empty one. */
const CHOSEN_ITEMS = [
  'CASE',
  `WHEN ${inTypes(FIELD_TYPE.items)} THEN COALESCE(AS_ARRAY(${VALUE}), ARRAY_CONSTRUCT())`,
  `WHEN ${inTypes(FIELD_TYPE.singleItem)} AND IS_OBJECT(${VALUE}) THEN ARRAY_CONSTRUCT(${VALUE})`,
  `WHEN ${inTypes(FIELD_TYPE.singleItem)} THEN ARRAY_CONSTRUCT()`,
  'END',
].join(' ');

/** A column type in Snowflake terms: the ARRAY columns are built with TO_ARRAY, not cast. */
function snowflakeType(type: CustomFieldColumn['type']): string {
  return type.endsWith('[]') ? 'ARRAY' : SNOWFLAKE_TYPE[type as keyof typeof SNOWFLAKE_TYPE];
}

function columnValue({ type, source }: CustomFieldColumn): string {
  switch (source.from) {
    case 'issue':
      return `p.${snowflakeIdentifier(source.field)}::${snowflakeType(type)}`;
    case 'field':
      return `e.value:"${source.field}"::${snowflakeType(type)}`;
    case 'value': {
      // A Date value is a date-time string ("2014-08-11T00:00:00Z"): its calendar date is the day.
      const value =
        type === 'DATE'
          ? `TRY_TO_DATE(LEFT(${VALUE}::VARCHAR, 10))`
          : `${VALUE}::${snowflakeType(type)}`;
      return `CASE WHEN ${inTypes(source.fieldTypes)} THEN ${value} END`;
    }
    case 'items': {
      const element = source.key === 'id' ? 'x:"id"::NUMBER' : 'x:"name"::VARCHAR';
      // The parser this is checked with reads no `::ARRAY`; TO_ARRAY is the same cast.
      return `TO_ARRAY(TRANSFORM(${CHOSEN_ITEMS}, x -> ${element}))`;
    }
  }
}

/** The custom-field values view over the destination's ISSUES table: CUSTOMFIELDS flattened. */
export function snowflakeCustomFieldValuesSql(view: CustomFieldValuesView, at?: Qualifier): string {
  const select = view.columns.map(
    (column) => `  ${columnValue(column)} AS ${snowflakeIdentifier(column.name)}`,
  );
  return [
    `CREATE OR REPLACE VIEW ${qualifiedName(view.name, snowflakeIdentifier, at)} AS`,
    'SELECT',
    select.join(',\n'),
    `FROM ${qualifiedName(view.stream, snowflakeIdentifier, at)} AS p,`,
    `  LATERAL FLATTEN(input => p.${snowflakeIdentifier(view.arrayField)}) AS e`,
  ].join('\n');
}

function wideValue(column: WideColumn, alias: string): string {
  const value = `${alias}.${snowflakeIdentifier(VALUE_COLUMN[column.kind])}`;
  const type = WIDE_TYPE[column.kind];
  if (column.kind === 'single') return `${value}[0]::VARCHAR`;
  return type.endsWith('[]') ? `TO_ARRAY(${value})` : `${value}::${snowflakeType(type)}`;
}

/** One project's wide view: its issues, one column per custom field, joined from the values. */
export function snowflakeWideViewSql(view: WideView, at?: Qualifier): string {
  const aliases = view.columns.map((_, index) => `f${index + 1}`);
  const select = [
    ...ISSUE_COLUMNS.map(
      ({ name, field, type }) =>
        `  i.${snowflakeIdentifier(field)}::${snowflakeType(type)} AS ${snowflakeIdentifier(name)}`,
    ),
    ...view.columns.map(
      (column, index) =>
        `  ${wideValue(column, aliases[index])} AS ${snowflakeIdentifier(column.name)}`,
    ),
  ];
  const joins = view.columns.map(
    (column, index) =>
      `LEFT JOIN ${qualifiedName(view.values, snowflakeIdentifier, at)} AS ${aliases[index]} ON ${aliases[index]}."ISSUEID" = i."ID" AND ${aliases[index]}."CUSTOMFIELDID" = ${column.fieldId}`,
  );
  return [
    `CREATE OR REPLACE VIEW ${qualifiedName(view.name, snowflakeIdentifier, at)} AS`,
    'SELECT',
    select.join(',\n'),
    `FROM ${qualifiedName('issues', snowflakeIdentifier, at)} AS i`,
    ...joins,
    `WHERE i."PROJECTID" = ${view.projectId}`,
  ].join('\n');
}
