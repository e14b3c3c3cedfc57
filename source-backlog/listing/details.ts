import type { JsonObject } from '../protocol/messages';
import { mapConcurrentOrdered } from '../fanout/ordered';
import { checkpoint, record, type ReadContext, type StreamEvent } from '../stream/definition';
import type { RecordId, UpdatedCursor } from '../incremental/updated-cursor';
import { unlessGone } from './collect';

export interface ListedRow {
  id: RecordId;
  updated: string;
}

/**
 * For list rows that changed since the cursor, in ascending `updated` order: GET each row's full
 * record (`detailPath`), a few at a time, and emit it with a checkpoint after each. The list row's
 * own `updated` moves the cursor: if the record changed again between list and detail, the next
 * sync sees the newer `updated` and reads it once more. A row deleted in between (404) is skipped.
 */
export async function* changedRowsWithDetails<T extends ListedRow>(
  { client, config }: ReadContext,
  cursor: UpdatedCursor,
  rowsByUpdated: AsyncIterable<T>,
  detailPath: (row: T) => string,
): AsyncGenerator<StreamEvent> {
  async function* changed(): AsyncGenerator<T> {
    for await (const row of rowsByUpdated) if (cursor.isNew(row.updated)) yield row;
  }
  const details = mapConcurrentOrdered(changed(), config.concurrency, (row) =>
    unlessGone(() => client.get<JsonObject>(detailPath(row))),
  );
  for await (const { item: row, result: detail } of details) {
    if (detail) yield record({ ...row, ...detail });
    cursor.observe(row.updated);
    yield checkpoint(cursor.state());
  }
  yield checkpoint(cursor.state());
}
