import { configError } from '../protocol/failures';
import type { JsonObject } from '../protocol/messages';

/** An integer field of a stream's saved state (an id watermark), or undefined when absent. */
export function savedInteger(
  stream: string,
  state: JsonObject | undefined,
  field: string,
): number | undefined {
  const value = state?.[field];
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value)) {
    throw configError(
      `The saved state of stream "${stream}" is not understood: "${field}" must be an integer. Reset the stream's state.`,
    );
  }
  return value as number;
}

/** A timestamp field of a stream's saved state, or undefined when absent. */
export function savedTimestamp(
  stream: string,
  state: JsonObject | undefined,
  field: string,
): string | undefined {
  const value = state?.[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw configError(
      `The saved state of stream "${stream}" is not understood: "${field}" must be a date-time. Reset the stream's state.`,
    );
  }
  return value;
}
