import type { ReadContext } from './stream';
import { parseUpdatedCursorState, UpdatedCursor, type CursorStart } from './updated-cursor';

/**
 * Where a stream starts reading: its saved cursor (state field `field`) in incremental mode, the
 * configured lookback window, and start_date (which applies to full refreshes too).
 */
export function cursorStartFor(
  stream: string,
  { state, syncMode, config }: ReadContext,
  field = 'updated',
): CursorStart {
  const saved =
    syncMode === 'incremental' ? parseUpdatedCursorState(stream, state, field) : undefined;
  return { saved, lookbackMs: config.lookbackMs, startDate: config.startDate };
}

/** The cursor a stream filters on, from its saved state: see `cursorStartFor`. */
export function updatedCursorFor(
  stream: string,
  context: ReadContext,
  field = 'updated',
): UpdatedCursor {
  return new UpdatedCursor(cursorStartFor(stream, context, field));
}
