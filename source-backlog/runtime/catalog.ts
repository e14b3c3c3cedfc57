import { configError } from '../protocol/failures';
import type { ConfiguredAirbyteCatalog, JsonObject, SyncMode } from '../protocol/messages';
import type { StreamDefinition } from '../stream/definition';

export interface SelectedStream {
  definition: StreamDefinition;
  syncMode: SyncMode;
}

export interface StreamSelection {
  /** The configured streams to read, in the catalog's order. */
  selected: SelectedStream[];
  /** Configured streams this connector does not have (renamed or removed since discover). */
  retired: string[];
}

/**
 * Matches the configured catalog to our streams, refusing what we cannot honour. A stream we do
 * not have is set aside, not refused: the connection may predate its removal.
 */
export function selectStreams(input: unknown, streams: StreamDefinition[]): StreamSelection {
  const catalog = input as ConfiguredAirbyteCatalog;
  if (!catalog || typeof catalog !== 'object' || !Array.isArray(catalog.streams)) {
    throw configError('The configured catalog must be a JSON object with a "streams" array');
  }
  const byName = new Map(streams.map((stream) => [stream.name, stream]));
  const seen = new Set<string>();
  const selection: StreamSelection = { selected: [], retired: [] };
  catalog.streams.forEach((configured, index) => {
    const name = (configured?.stream as unknown as JsonObject | undefined)?.name;
    if (typeof name !== 'string') {
      throw configError(`Configured catalog entry ${index} has no stream name`);
    }
    if (seen.has(name)) throw configError(`The configured catalog names stream "${name}" twice`);
    seen.add(name);
    // A malformed entry is refused even for a stream we do not have, as the Python CDK refuses a
    // catalog that does not parse: skipping it would hide a broken catalog behind a warning.
    const syncMode = configured.sync_mode;
    if (syncMode !== 'full_refresh' && syncMode !== 'incremental') {
      throw configError(`Stream "${name}": unknown sync_mode ${JSON.stringify(syncMode)}`);
    }
    const definition = byName.get(name);
    if (!definition) {
      selection.retired.push(name);
      return;
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
    selection.selected.push({ definition, syncMode });
  });
  return selection;
}
