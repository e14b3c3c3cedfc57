import { configError } from '../protocol/failures';
import type { AirbyteStateMessage, JsonObject } from '../protocol/messages';

/**
 * Reads `--state`: the array of per-stream STATE messages the platform passes back. An empty
 * array, `{}` or a missing file means a first sync. A legacy `{stream: state}` map is accepted.
 */
export function parseInputState(input: unknown): Map<string, JsonObject> {
  const states = new Map<string, JsonObject>();
  if (input === undefined || input === null) return states;
  if (Array.isArray(input)) {
    input.forEach((entry: AirbyteStateMessage, index) => {
      if (!entry || typeof entry !== 'object') {
        throw configError(`State entry ${index} is not an object`);
      }
      if (entry.type === 'GLOBAL' || entry.type === 'LEGACY' || entry.type === undefined) {
        throw configError(
          `State entry ${index} has type ${entry.type ?? 'LEGACY'}; this connector keeps per-stream (STREAM) state. Reset the connection's state.`,
        );
      }
      const name = entry.stream?.stream_descriptor?.name;
      if (entry.type !== 'STREAM' || typeof name !== 'string') {
        throw configError(
          `State entry ${index} is not a STREAM state with a stream_descriptor name`,
        );
      }
      const streamState = entry.stream?.stream_state;
      if (streamState !== undefined && streamState !== null) {
        if (typeof streamState !== 'object' || Array.isArray(streamState)) {
          throw configError(
            `The saved state of stream "${name}" is not an object. Reset the stream's state.`,
          );
        }
        states.set(name, streamState);
      }
    });
    return states;
  }
  if (typeof input === 'object') {
    for (const [name, value] of Object.entries(input as JsonObject)) {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw configError(
          `The saved state of stream "${name}" is not an object. Reset the stream's state.`,
        );
      }
      states.set(name, value as JsonObject);
    }
    return states;
  }
  throw configError('The state must be a JSON array of STREAM state messages');
}
