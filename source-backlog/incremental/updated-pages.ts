import { checkpoint, record, type ReadContext, type StreamEvent } from '../stream/definition';
import { updatedCursorFor } from './state-shapes';
import type { UpdatedCursor } from './updated-cursor';

/**
 * A stream whose rows Backlog lists in ascending `updated` order: the rows of each page changed
 * since the saved cursor (less the lookback window) are emitted, then a checkpoint of the cursor,
 * safe to resume from because no row after it is older.
 */
export async function* recordsByUpdated(
  context: ReadContext,
  changedPages: (cursor: UpdatedCursor) => AsyncIterable<Array<{ updated: string }>>,
): AsyncGenerator<StreamEvent> {
  const cursor = updatedCursorFor(context);
  for await (const page of changedPages(cursor)) {
    for (const row of page) {
      cursor.observe(row.updated);
      yield record(row);
    }
    yield checkpoint(cursor.state());
  }
  yield checkpoint(cursor.state());
}
