import { driftTolerantOffsetRows } from '../backlog/pagination';
import { withFeedDeletions, type FeedDeletions } from './deletions';
import { changedRowsWithDetails, type ListedRow } from './details';
import { updatedCursorFor } from './incremental';
import type { ReadContext } from './stream';
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

/** A deleted document (activity type 37: content `{id, title}`, the id a 32-hex string). */
const deletedDocuments: FeedDeletions<{ id: string; title: string }> = {
  activityType: 37,
  rows: 'documents',
  idOf: (content) => (typeof content.id === 'string' && content.id !== '' ? content.id : undefined),
  fieldsOf: (content) => ({ title: content.title ?? null }),
};

/**
 * Documents (the Wiki's successor); the full record, with its child ids, comes from GET
 * /documents/:id. In incremental mode also the documents deleted since the last sync.
 */
export const documents = withFeedDeletions(deletedDocuments, {
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
});
