import type { AirbyteStream, ConfiguredAirbyteCatalog } from '../protocol/messages';
import { SyncError } from './sync-error';

/**
 * The catalog a sync asks for: the discovered streams (or those named), each Incremental |
 * Append + Deduped where it supports it, else Full Refresh | Overwrite: what the README
 * recommends for Snowflake.
 */
export function configuredCatalogFor(
  discovered: AirbyteStream[],
  wanted?: string[],
): ConfiguredAirbyteCatalog {
  if (wanted) {
    const known = new Set(discovered.map((stream) => stream.name));
    const unknown = wanted.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new SyncError(
        `Unknown stream${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}`,
        `Name streams from this list in --streams, separated by commas: ${[...known].join(',')}`,
      );
    }
  }
  const selected = wanted
    ? discovered.filter((stream) => wanted.includes(stream.name))
    : discovered;
  return {
    streams: selected.map((stream) =>
      stream.supported_sync_modes.includes('incremental')
        ? {
            stream,
            sync_mode: 'incremental',
            destination_sync_mode: 'append_dedup',
            cursor_field: stream.default_cursor_field,
            primary_key: stream.source_defined_primary_key,
          }
        : {
            stream,
            sync_mode: 'full_refresh',
            destination_sync_mode: 'overwrite',
            primary_key: stream.source_defined_primary_key,
          },
    ),
  };
}
