import type { ConfiguredAirbyteStream, JsonObject } from '../protocol/messages';

/** A configured stream keyed on `id` with cursor `updated`, as the unit tests need one. */
export function configuredStream(
  name: string,
  properties: JsonObject,
  mode: 'append_dedup' | 'overwrite' = 'append_dedup',
): ConfiguredAirbyteStream {
  return {
    stream: {
      name,
      json_schema: { type: 'object', properties },
      supported_sync_modes: ['full_refresh', 'incremental'],
      source_defined_primary_key: [['id']],
      default_cursor_field: ['updated'],
    },
    sync_mode: mode === 'append_dedup' ? 'incremental' : 'full_refresh',
    destination_sync_mode: mode,
  };
}
