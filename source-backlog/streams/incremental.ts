import type { ReadContext } from './stream';
import { parseUpdatedCursorState, startingCursor, UpdatedCursor } from './updated-cursor';

/**
 * The cursor a stream filters on: its saved state in incremental mode, never earlier than the
 * configured start_date (which applies to full refreshes too).
 */
export function updatedCursorFor(
  stream: string,
  { state, syncMode, config }: ReadContext,
  field = 'updated',
  idsField: string | undefined = 'ids_at_cursor',
): UpdatedCursor {
  const saved =
    syncMode === 'incremental'
      ? parseUpdatedCursorState(stream, state, field, idsField)
      : undefined;
  return new UpdatedCursor(startingCursor(saved, config.startDate));
}
