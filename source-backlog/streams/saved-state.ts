import { configError, type ConnectorError } from '../protocol/failures';
import type { JsonObject } from '../protocol/messages';

/** The error for a saved state the connector cannot resume from: the user resets the stream. */
export function stateNotUnderstood(stream: string, problem: string): ConnectorError {
  return configError(
    `The saved state of stream "${stream}" is not understood: ${problem}. Reset the stream's state.`,
  );
}

/** A field of a stream's saved state, or undefined when absent; `is` checks what it must be. */
function savedField<T>(
  stream: string,
  state: JsonObject | undefined,
  field: string,
  is: (value: unknown) => value is T,
  requirement: string,
): T | undefined {
  const value = state?.[field];
  if (value === undefined || value === null) return undefined;
  if (!is(value)) throw stateNotUnderstood(stream, `"${field}" must be ${requirement}`);
  return value;
}

const isInteger = (value: unknown): value is number => Number.isInteger(value);
const isDateTime = (value: unknown): value is string =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** An integer field of a stream's saved state (an id watermark), or undefined when absent. */
export function savedInteger(
  stream: string,
  state: JsonObject | undefined,
  field: string,
): number | undefined {
  return savedField(stream, state, field, isInteger, 'an integer');
}

/** A timestamp field of a stream's saved state, or undefined when absent. */
export function savedTimestamp(
  stream: string,
  state: JsonObject | undefined,
  field: string,
): string | undefined {
  return savedField(stream, state, field, isDateTime, 'a date-time');
}
