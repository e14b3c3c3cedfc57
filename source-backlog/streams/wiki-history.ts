import { keysetPages } from '../backlog/pagination';
import { fromList, mapConcurrentOrdered } from '../fanout/ordered';
import { SavedState } from '../incremental/saved-state';
import { serverNowMs } from '../incremental/server-clock';
import { cursorStartFor, parentWalkStartFor } from '../incremental/state-shapes';
import { UnorderedUpdatedPass } from '../incremental/unordered-pass';
import { UpdatedCursor } from '../incremental/updated-cursor';
import { allRowsOrNone } from '../listing/collect';
import { checkpoint, record, type ReadContext, type StreamDefinition } from '../stream/definition';

interface WikiListItem {
  id: number;
  updated: string;
}

interface WikiVersion {
  pageId: number;
  version: number;
  created: string;
  [field: string]: unknown;
}

/** The state field of the page walk's cursor. */
const PAGES_CURSOR = 'pages_updated';

function versionsOf({ client }: ReadContext, page: WikiListItem): Promise<WikiVersion[]> {
  const path = `/wikis/${page.id}/history`;
  return allRowsOrNone(
    keysetPages<WikiVersion>(client, path, {}, { keyOf: (version) => version.version }),
  );
}

/**
 * Every version of every wiki page. A page's newest version was created when the page was last
 * updated, so only pages updated since the cursor can have versions newer than it: those are
 * visited, oldest change first, and their history read in full (versions are keyed by number,
 * not by date). Pages are listed once at the start; a version written after that has a newer
 * `created` than the pass began, so the `created` cursor never passes the pass start (see
 * `UnorderedUpdatedPass`). Checkpoints along the way move only the page walk.
 */
export const wikiHistory: StreamDefinition = {
  name: 'wiki_history',
  about: {
    cost: {
      full: '1 search per project, then 1 per page (per 100 versions)',
      incremental: '1 search per project, then 1 per page changed since the last sync',
    },
    endpoint: 'GET /wikis, GET /wikis/:id/history',
    notes: 'every version of every page; only pages updated since the last sync are visited',
  },
  primaryKey: [['pageId'], ['version']],
  cursorField: ['created'],
  module: 'useWiki',
  async *read(context) {
    // Resolving the projects also tells us Backlog's clock, which bounds the saved cursor.
    await context.projects.list();
    const startedAtMs = serverNowMs(context);
    const versions = new UnorderedUpdatedPass(cursorStartFor(context, 'created'), startedAtMs);
    const pages = new UpdatedCursor(parentWalkStartFor(context, PAGES_CURSOR));
    const saved = SavedState.of(context).fields ?? {};

    const changed: WikiListItem[] = [];
    for (const project of await context.projects.with('useWiki')) {
      const listed = await context.client.get<WikiListItem[]>('/wikis', {
        projectIdOrKey: project.id,
      });
      changed.push(...listed.filter((page) => pages.isNew(page.updated)));
    }
    changed.sort((a, b) => Date.parse(a.updated) - Date.parse(b.updated) || a.id - b.id);

    const histories = mapConcurrentOrdered(fromList(changed), context.config.concurrency, (page) =>
      versionsOf(context, page),
    );
    for await (const { item: page, result } of histories) {
      for (const version of result) {
        if (!versions.isNew(version.created)) continue;
        versions.observe(version.created);
        yield record(version);
      }
      pages.observe(page.updated);
      yield checkpoint({ ...saved, [PAGES_CURSOR]: pages.state()?.updated });
    }
    yield checkpoint({
      created: versions.state()?.updated,
      [PAGES_CURSOR]: pages.state()?.updated,
    });
  },
};
