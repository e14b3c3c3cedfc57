import type { CustomFieldColumn, CustomFieldValuesView } from './custom-field-values';
import { FIELD_TYPE } from './custom-field-values';
import { WIDE_TYPE, type WideKind, type WideView } from './custom-field-wide';
import type { Qualifier } from './qualifier';
import { SNOWFLAKE, SNOWFLAKE_TYPE, snowflakeIdentifier } from './snowflake';
import { unnestViewSql, wideSql } from './view-sql';

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
  return unnestViewSql(SNOWFLAKE, view, view.columns, columnValue, at);
}

function wideValue(ref: string, kind: WideKind): string {
  const type = WIDE_TYPE[kind];
  if (kind === 'single') return `${ref}[0]::VARCHAR`;
  return type.endsWith('[]') ? `TO_ARRAY(${ref})` : `${ref}::${snowflakeType(type)}`;
}

/** One project's wide view, the issue columns cast as the destination types them. */
export function snowflakeWideViewSql(view: WideView, at?: Qualifier): string {
  return wideSql(
    SNOWFLAKE,
    view,
    { issue: (ref, type) => `${ref}::${snowflakeType(type)}`, field: wideValue },
    at,
  );
}
