import { driftTolerantOffsetRows } from '../backlog/pagination';
import { changedRowsWithDetails, type ListedRow } from './details';
import { updatedCursorFor } from './incremental';
import type { ReadContext, StreamDefinition } from './stream';
import type { UpdatedCursor } from './updated-cursor';

interface DocumentListItem extends ListedRow {
  /** 32 hex characters: documents, unlike everything else in Backlog, have string ids. */
  id: string;
}

/**
 * Documents in scope changed at or after the cursor, oldest change first. GET /documents has no
 * date filter, but sorts by `updated` and requires `offset`: the walk seeks past the unchanged
 * documents and pages on, tolerant of documents that move to the end while it runs.
 */
async function* documentsByUpdated(
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

/** Documents (the Wiki's successor); the full record, with its child ids, comes from GET /documents/:id. */
export const documents: StreamDefinition = {
  name: 'documents',
  primaryKey: [['id']],
  cursorField: ['updated'],
  async *read(context) {
    const cursor = updatedCursorFor('documents', context);
    yield* changedRowsWithDetails(
      context,
      cursor,
      documentsByUpdated(context, cursor),
      (document) => `/documents/${encodeURIComponent(document.id)}`,
    );
  },
};
