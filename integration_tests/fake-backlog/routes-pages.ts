/**
 * Wikis and documents.
 * GET /wikis?projectIdOrKey= (search bucket): every page of a joined project, list shape,
 *   `keyword` on name and content, ordered by name then id; [] when the wiki is off.
 * GET /wikis/count?projectIdOrKey= (search bucket); GET /wikis/:wikiId (read): full page.
 * GET /wikis/tags?projectIdOrKey= (read): the distinct tags on the project's pages, by id.
 * GET /wikis/:wikiId/history (read): versions, keyset-paged on `version` (minId/maxId
 *   exclusive, count 1–100 (20), order (desc)); 404 like the page.
 * GET /documents: `offset` required, `count` 1–100 (20), `projectId[]`, `keyword` (title and
 *   plain), `sort` created|updated (created), `order` (desc), ties by id string in `order`;
 *   only documents of joined projects with documents on. /documents/count: same filters.
 * GET /documents/:documentId: the document plus `childDocumentIds`.
 */
import { invalidRequest, notFound } from './errors';
import { countParam, intArrayParam, keysetPageBy, orderParam } from './params';
import {
  byKeyThenId,
  joinedProject,
  offsetParam,
  ok,
  type ApiContext,
  type Route,
} from './route-kit';
import type { BacklogDocument, Project, Tag, WikiListItem, WikiPage } from './types';

function wikiProject(ctx: ApiContext, query: URLSearchParams): Project {
  const idOrKey = query.get('projectIdOrKey');
  if (!idOrKey) throw invalidRequest('projectIdOrKey is required');
  return joinedProject(ctx, idOrKey);
}

function wikiListItem(page: WikiPage): WikiListItem {
  const { id, projectId, name, tags, createdUser, created, updatedUser, updated } = page;
  return { id, projectId, name, tags, createdUser, created, updatedUser, updated };
}

function wikisOf(ctx: ApiContext, project: Project): WikiPage[] {
  return project.useWiki ? ctx.store.wikis.filter((w) => w.projectId === project.id) : [];
}

function tagsOf(pages: WikiPage[]): Tag[] {
  const tags = new Map<number, Tag>();
  for (const tag of pages.flatMap((page) => page.tags))
    if (!tags.has(tag.id)) tags.set(tag.id, tag);
  return [...tags.values()].sort((a, b) => a.id - b.id);
}

function visibleWiki(ctx: ApiContext, rawId: string): WikiPage {
  const page = /^\d+$/.test(rawId) ? ctx.store.findWiki(Number(rawId)) : undefined;
  const project = page && ctx.store.findProject(page.projectId);
  if (!page || !project || !ctx.store.isJoined(project.id) || !project.useWiki) {
    throw notFound('No wiki.');
  }
  return page;
}

function filterDocuments(ctx: ApiContext, query: URLSearchParams): BacklogDocument[] {
  const { store } = ctx;
  const projectIds = intArrayParam(query, 'projectId');
  const keyword = query.get('keyword')?.toLowerCase();
  return store.documents.filter(
    (d) =>
      store.isJoined(d.projectId) &&
      store.findProject(d.projectId)?.useDocument === true &&
      (!projectIds || projectIds.includes(d.projectId)) &&
      (!keyword || `${d.title} ${d.plain}`.toLowerCase().includes(keyword)),
  );
}

function visibleDocument(ctx: ApiContext, id: string): BacklogDocument {
  const found = filterDocuments(ctx, new URLSearchParams()).find((d) => d.id === id);
  if (!found) throw notFound('No document.');
  return found;
}

export const PAGE_ROUTES: Route[] = [
  [
    'GET',
    '/wikis',
    (ctx, req) => {
      const keyword = req.query.get('keyword')?.toLowerCase();
      const pages = wikisOf(ctx, wikiProject(ctx, req.query)).filter(
        (w) => !keyword || `${w.name} ${w.content}`.toLowerCase().includes(keyword),
      );
      return ok(pages.sort(byKeyThenId((w) => w.name, 'asc')).map(wikiListItem));
    },
  ],
  [
    'GET',
    '/wikis/count',
    (ctx, req) => ok({ count: wikisOf(ctx, wikiProject(ctx, req.query)).length }),
  ],
  // Before /wikis/:wikiId, which would take 'tags' for an id.
  ['GET', '/wikis/tags', (ctx, req) => ok(tagsOf(wikisOf(ctx, wikiProject(ctx, req.query))))],
  ['GET', '/wikis/:wikiId', (ctx, _req, p) => ok(visibleWiki(ctx, p.wikiId))],
  [
    'GET',
    '/wikis/:wikiId/history',
    (ctx, req, p) => {
      const page = visibleWiki(ctx, p.wikiId);
      return ok(keysetPageBy(ctx.store.wikiHistoryOf(page.id), req.query, (h) => h.version));
    },
  ],
  [
    'GET',
    '/documents',
    (ctx, req) => {
      const offset = offsetParam(req.query, true);
      const count = countParam(req.query);
      const sort = req.query.get('sort') || 'created';
      if (sort !== 'created' && sort !== 'updated') {
        throw invalidRequest(`Invalid parameter sort: ${sort}`);
      }
      const order = orderParam(req.query);
      const sorted = filterDocuments(ctx, req.query).sort(byKeyThenId((d) => d[sort], order));
      return ok(sorted.slice(offset, offset + count));
    },
  ],
  ['GET', '/documents/count', (ctx, req) => ok({ count: filterDocuments(ctx, req.query).length })],
  [
    'GET',
    '/documents/:documentId',
    (ctx, _req, p) => {
      const document = visibleDocument(ctx, p.documentId);
      return ok({ ...document, childDocumentIds: ctx.store.childDocumentIds(document.id) });
    },
  ],
];
