import { withFeedDeletions, type FeedDeletions } from '../incremental/feed-deletions';
import { updatedCursorFor } from '../incremental/state-shapes';
import { changedRowsWithDetails } from '../listing/details';
import { documentsByUpdated } from '../listing/documents';

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
  about: {
    cost: {
      full: '1 per 100 documents, then 1 per document',
      incremental: 'a few to seek, then 1 per changed document',
    },
    endpoint: 'GET /documents, GET /documents/:id',
    notes: "the Wiki's successor; 32-hex string ids; records carry `childDocumentIds`",
  },
  cursorField: ['updated'],
  module: 'useDocument',
  async *read(context) {
    const cursor = updatedCursorFor(context);
    yield* changedRowsWithDetails(
      context,
      cursor,
      documentsByUpdated(context, cursor),
      (document) => `/documents/${encodeURIComponent(document.id)}`,
    );
  },
});
