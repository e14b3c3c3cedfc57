import { configError, type ConnectorError } from '../protocol/failures';
import type { JsonObject } from '../protocol/messages';
import type { ReadContext } from '../stream/definition';

/** The error for a saved state the connector cannot resume from: the user resets the stream. */
export function stateNotUnderstood(stream: string, problem: string): ConnectorError {
  return configError(
    `The saved state of stream "${stream}" is not understood: ${problem}. Reset the stream's state.`,
  );
}

const isInteger = (value: unknown): value is number => Number.isInteger(value);
const isDateTime = (value: unknown): value is string =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A stream's saved state, read field by field. An absent (or null) field reads as undefined; one
 * that is not what it must be is a config_error naming the stream, never a silent restart.
 */
export class SavedState {
  constructor(
    readonly stream: string,
    readonly fields: JsonObject | undefined,
  ) {}

  /** The state the read context carries (none in full refresh: a full refresh starts over). */
  static of({ stream, state, syncMode }: ReadContext): SavedState {
    return new SavedState(stream, syncMode === 'incremental' ? state : undefined);
  }

  has(field: string): boolean {
    const value = this.fields?.[field];
    return value !== undefined && value !== null;
  }

  integer(field: string): number | undefined {
    return this.field(field, isInteger, 'an integer');
  }

  /** An ISO-8601 timestamp field, as saved. */
  timestamp(field: string): string | undefined {
    return this.field(field, isDateTime, 'an ISO-8601 date-time');
  }

  /** A nested object field, read the same way. */
  object(field: string): SavedState | undefined {
    const fields = this.field(field, isObject, 'an object');
    return fields && new SavedState(this.stream, fields);
  }

  notUnderstood(problem: string): ConnectorError {
    return stateNotUnderstood(this.stream, problem);
  }

  private field<T>(
    field: string,
    is: (value: unknown) => value is T,
    requirement: string,
  ): T | undefined {
    if (!this.has(field)) return undefined;
    const value = this.fields![field];
    if (!is(value)) {
      throw this.notUnderstood(`"${field}" must be ${requirement}, got ${JSON.stringify(value)}`);
    }
    return value;
  }
}
