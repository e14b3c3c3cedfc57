import { configError } from '../protocol/failures';
import type { ConfiguredAirbyteCatalog, JsonObject, SyncMode } from '../protocol/messages';
import type { StreamDefinition } from '../streams/stream';

export interface SelectedStream {
  definition: StreamDefinition;
  syncMode: SyncMode;
}

/** Matches the configured catalog to our streams, refusing what we cannot honour. */
export function selectStreams(input: unknown, streams: StreamDefinition[]): SelectedStream[] {
  const catalog = input as ConfiguredAirbyteCatalog;
  if (!catalog || typeof catalog !== 'object' || !Array.isArray(catalog.streams)) {
    throw configError('The configured catalog must be a JSON object with a "streams" array');
  }
  const byName = new Map(streams.map((stream) => [stream.name, stream]));
  const seen = new Set<string>();
  return catalog.streams.map((configured, index) => {
    const name = (configured?.stream as unknown as JsonObject | undefined)?.name;
    if (typeof name !== 'string') {
      throw configError(`Configured catalog entry ${index} has no stream name`);
    }
    const definition = byName.get(name);
    if (!definition) {
      throw configError(
        `The configured catalog names stream "${name}", which this connector does not have. Refresh the source schema.`,
      );
    }
    if (seen.has(name)) throw configError(`The configured catalog names stream "${name}" twice`);
    seen.add(name);
    const syncMode = configured.sync_mode;
    if (syncMode !== 'full_refresh' && syncMode !== 'incremental') {
      throw configError(`Stream "${name}": unknown sync_mode ${JSON.stringify(syncMode)}`);
    }
    if (syncMode === 'incremental') {
      if (!definition.cursorField) {
        throw configError(`Stream "${name}" supports only full_refresh, not incremental`);
      }
      const cursor = configured.cursor_field;
      if (cursor && cursor.length > 0 && cursor.join('.') !== definition.cursorField.join('.')) {
        throw configError(
          `Stream "${name}" can only be read incrementally on cursor "${definition.cursorField.join('.')}" (the catalog asks for "${cursor.join('.')}")`,
        );
      }
    }
    return { definition, syncMode };
  });
}
