import { driftTolerantOffsetRows } from '../backlog/pagination';
import type { UpdatedCursor } from '../incremental/updated-cursor';
import type { ReadContext } from '../stream/definition';
import type { ListedRow } from './details';

export interface DocumentListItem extends ListedRow {
  /** 32 hex characters: documents, unlike everything else in Backlog, have string ids. */
  id: string;
}

/**
 * Documents in scope changed at or after the cursor, oldest change first. GET /documents has no
 * date filter, but sorts by `updated` and requires `offset`: the walk seeks past the unchanged
 * documents and pages on, tolerant of documents that move to the end while it runs.
 */
export async function* documentsByUpdated(
  { client, projects }: ReadContext,
  cursor: UpdatedCursor,
): AsyncGenerator<DocumentListItem> {
  const params = {
    sort: 'updated',
    order: 'asc',
    'projectId[]': projects.isLimited ? await projects.ids() : undefined,
  };
  const pages = driftTolerantOffsetRows<DocumentListItem>(
    (offset, count) => client.get<DocumentListItem[]>('/documents', { ...params, offset, count }),
    (document) => ({ id: document.id, version: Date.parse(document.updated) }),
    {
      onNewerDuplicate: (document) => cursor.holdBack(document.updated),
      fromVersion: cursor.fromUpdated ? Date.parse(cursor.fromUpdated) : undefined,
    },
  );
  for await (const page of pages) yield* page;
}
