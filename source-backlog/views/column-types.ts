import type { JsonObject } from '../protocol/messages';

/** The DuckDB types a stream's columns can have. */
export type ColumnType =
  | 'BIGINT'
  | 'DOUBLE'
  | 'BOOLEAN'
  | 'VARCHAR'
  | 'TIMESTAMPTZ'
  | 'TIMESTAMP'
  | 'DATE'
  | 'TIME'
  | 'JSON';

/**
 * The column type Airbyte's Snowflake destination gives a JSON-schema property, in DuckDB terms:
 * integer → NUMBER (BIGINT here), number → FLOAT (DOUBLE), date-time → TIMESTAMP_TZ, objects,
 * arrays, unions and anything it cannot classify → OBJECT/ARRAY/VARIANT (JSON here). `null` in a
 * type list only makes the column nullable.
 */
export function columnTypeOf(property: JsonObject): ColumnType {
  if ('oneOf' in property || 'anyOf' in property || 'allOf' in property) return 'JSON';
  const declared = property.type;
  const types = (Array.isArray(declared) ? declared : [declared]).filter(
    (type) => type !== undefined && type !== 'null',
  );
  if (types.length !== 1) return 'JSON';
  const airbyteType = property.airbyte_type;
  switch (types[0]) {
    case 'boolean':
      return 'BOOLEAN';
    case 'integer':
      return 'BIGINT';
    case 'number':
      return airbyteType === 'integer' ? 'BIGINT' : 'DOUBLE';
    case 'string':
      return stringColumnType(property.format, airbyteType);
    default:
      return 'JSON';
  }
}

function stringColumnType(format: unknown, airbyteType: unknown): ColumnType {
  switch (format) {
    case 'date-time':
      return airbyteType === 'timestamp_without_timezone' ? 'TIMESTAMP' : 'TIMESTAMPTZ';
    case 'date':
      return 'DATE';
    case 'time':
      // A time with a zone has no SQL type that keeps the zone: Snowflake keeps it as text too.
      return airbyteType === 'time_without_timezone' ? 'TIME' : 'VARCHAR';
    default:
      return 'VARCHAR';
  }
}
