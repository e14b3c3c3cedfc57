import { fromList } from '../fanout/ordered';
import { integerId, withFeedDeletions, type FeedDeletions } from '../incremental/feed-deletions';
import { updatedCursorFor } from '../incremental/state-shapes';
import { changedRowsWithDetails, type ListedRow } from '../listing/details';

interface WikiListItem extends ListedRow {
  id: number;
}

function byUpdatedThenId(a: WikiListItem, b: WikiListItem): number {
  return Date.parse(a.updated) - Date.parse(b.updated) || a.id - b.id;
}

/** A deleted wiki page (activity type 7: content `{id, name, content, diff, version, …}`). */
const deletedWikiPages: FeedDeletions<{ id: number; name: string }> = {
  activityType: 7,
  rows: 'wiki pages',
  idOf: (content) => integerId(content.id),
  fieldsOf: (content) => ({ name: content.name ?? null }),
};

/**
 * Wiki pages. GET /wikis lists every page of a project at once (a "search" request) but without
 * the page content, which only GET /wikis/:id returns: the lists are read in full and only pages
 * changed since the cursor are fetched, oldest change first. In incremental mode also the pages
 * deleted since the last sync.
 */
export const wikis = withFeedDeletions(deletedWikiPages, {
  name: 'wikis',
  about: {
    cost: {
      full: '1 search per project, then 1 per page',
      incremental: '1 search per project, then 1 per changed page',
    },
    endpoint: 'GET /wikis, GET /wikis/:id',
    notes:
      'full pages with `content`; only pages changed since the last sync are fetched; deletions from the activity feed',
  },
  cursorField: ['updated'],
  module: 'useWiki',
  async *read(context) {
    const cursor = updatedCursorFor(context);
    const listed: WikiListItem[] = [];
    for (const project of await context.projects.with('useWiki')) {
      const pages = await context.client.get<WikiListItem[]>('/wikis', {
        projectIdOrKey: project.id,
      });
      listed.push(...pages.filter((page) => cursor.isNew(page.updated)));
    }
    listed.sort(byUpdatedThenId);
    yield* changedRowsWithDetails(context, cursor, fromList(listed), (page) => `/wikis/${page.id}`);
  },
});
