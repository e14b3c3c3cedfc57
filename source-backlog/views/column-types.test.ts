import { loadStreamSchema } from '../stream/schemas';
import { columnTypeOf } from './column-types';

describe('columnTypeOf: the Snowflake destination’s typing, in DuckDB', () => {
  it.each([
    [{ type: 'integer' }, 'BIGINT'],
    [{ type: ['null', 'integer'] }, 'BIGINT'],
    [{ type: 'number', airbyte_type: 'integer' }, 'BIGINT'],
    [{ type: ['null', 'number'] }, 'DOUBLE'],
    [{ type: 'boolean' }, 'BOOLEAN'],
    [{ type: ['null', 'string'] }, 'VARCHAR'],
    [{ type: 'string', format: 'date-time' }, 'TIMESTAMPTZ'],
    [
      { type: 'string', format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
      'TIMESTAMPTZ',
    ],
    [
      { type: 'string', format: 'date-time', airbyte_type: 'timestamp_without_timezone' },
      'TIMESTAMP',
    ],
    [{ type: 'string', format: 'date' }, 'DATE'],
    [{ type: 'string', format: 'time', airbyte_type: 'time_without_timezone' }, 'TIME'],
    [{ type: 'string', format: 'time', airbyte_type: 'time_with_timezone' }, 'VARCHAR'],
    [{ type: ['null', 'object'], properties: { id: { type: 'integer' } } }, 'JSON'],
    [{ type: 'array', items: { type: 'integer' } }, 'JSON'],
    [{ type: ['null', 'number', 'string'], format: 'date-time' }, 'JSON'],
    [{ oneOf: [{ type: 'string' }, { type: 'integer' }] }, 'JSON'],
    [{}, 'JSON'],
    [{ type: 'null' }, 'JSON'],
  ])('%j → %s', (property, expected) => {
    expect(columnTypeOf(property)).toBe(expected);
  });

  it('types the issues stream as the README promises: ids, timestamps, nested objects', () => {
    const properties = loadStreamSchema('issues').properties as Record<string, object>;
    const typeOf = (field: string) => columnTypeOf(properties[field] as Record<string, unknown>);
    expect(typeOf('id')).toBe('BIGINT');
    expect(typeOf('projectId')).toBe('BIGINT');
    expect(typeOf('updated')).toBe('TIMESTAMPTZ');
    expect(typeOf('_ab_cdc_deleted_at')).toBe('TIMESTAMPTZ');
    expect(typeOf('status')).toBe('JSON');
    expect(typeOf('category')).toBe('JSON');
    expect(typeOf('estimatedHours')).toBe('DOUBLE');
    expect(typeOf('summary')).toBe('VARCHAR');
  });

  it('types a field that is a number or a string, or a string or an object, as a VARIANT (JSON)', () => {
    const typeOf = (stream: string, field: string) =>
      columnTypeOf(
        (loadStreamSchema(stream).properties as Record<string, Record<string, unknown>>)[field],
      );
    expect(typeOf('custom_fields', 'min')).toBe('JSON');
    expect(typeOf('custom_fields', 'max')).toBe('JSON');
    expect(typeOf('custom_fields', 'initialValue')).toBe('DOUBLE');
    expect(typeOf('documents', 'json')).toBe('JSON');
    expect(typeOf('documents', 'plain')).toBe('VARCHAR');
  });
});
