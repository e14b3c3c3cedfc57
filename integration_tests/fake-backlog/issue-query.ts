/** GET /issues and /issues/count: filters, sort keys, order and tie order. */
import { invalidRequest } from './errors';
import { dayParam, intArrayParam, orderParam } from './params';
import { seededRandom } from './random';
import type { FakeBacklogStore } from './store';
import type { Issue } from './types';

type SortValue = number | string | null;

const SORT_KEYS: Record<string, (i: Issue) => SortValue> = {
  created: (i) => Date.parse(i.created),
  updated: (i) => Date.parse(i.updated),
  issueType: (i) => i.issueType.displayOrder,
  summary: (i) => i.summary,
  status: (i) => i.status.displayOrder,
  priority: (i) => i.priority.id,
  assignee: (i) => i.assignee?.name ?? null,
  createdUser: (i) => i.createdUser.name,
  updatedUser: (i) => i.updatedUser.name,
  startDate: (i) => i.startDate,
  dueDate: (i) => i.dueDate,
  estimatedHours: (i) => i.estimatedHours,
  actualHours: (i) => i.actualHours,
};

export interface IssueQueryContext {
  store: FakeBacklogStore;
  timeZone: string;
  tieOrder: 'id' | 'shuffled';
  /** Seed for the 'shuffled' tie permutation of this request. */
  tieSeed: number;
}

/**
 * The filters of `query` as a predicate (invalid values answer 400 here, before any sorting).
 * Timestamps are parsed only when a date filter needs them.
 */
function issueMatcher(ctx: IssueQueryContext, query: URLSearchParams): (issue: Issue) => boolean {
  const { store, timeZone } = ctx;
  const projectIds = intArrayParam(query, 'projectId');
  const ids = intArrayParam(query, 'id');
  const statusIds = intArrayParam(query, 'statusId');
  const assigneeIds = intArrayParam(query, 'assigneeId');
  const issueTypeIds = intArrayParam(query, 'issueTypeId');
  const parentIssueIds = intArrayParam(query, 'parentIssueId');
  const updatedSince = dayParam(query, 'updatedSince', timeZone);
  const updatedUntil = dayParam(query, 'updatedUntil', timeZone);
  const createdSince = dayParam(query, 'createdSince', timeZone);
  const createdUntil = dayParam(query, 'createdUntil', timeZone);
  const keyword = query.get('keyword')?.toLowerCase();
  const byUpdated = updatedSince !== undefined || updatedUntil !== undefined;
  const byCreated = createdSince !== undefined || createdUntil !== undefined;
  const within = (iso: string, since?: { start: number }, until?: { endExclusive: number }) => {
    const t = Date.parse(iso);
    return (!since || t >= since.start) && (!until || t < until.endExclusive);
  };
  return (i) =>
    store.isJoined(i.projectId) &&
    (!projectIds || projectIds.includes(i.projectId)) &&
    (!ids || ids.includes(i.id)) &&
    (!statusIds || statusIds.includes(i.status.id)) &&
    (!assigneeIds || (i.assignee !== null && assigneeIds.includes(i.assignee.id))) &&
    (!issueTypeIds || issueTypeIds.includes(i.issueType.id)) &&
    (!parentIssueIds || (i.parentIssueId !== null && parentIssueIds.includes(i.parentIssueId))) &&
    (!keyword || `${i.summary} ${i.description}`.toLowerCase().includes(keyword)) &&
    (!byUpdated || within(i.updated, updatedSince, updatedUntil)) &&
    (!byCreated || within(i.created, createdSince, createdUntil));
}

/** Visible issues matching the filters of `query`, in store order (no sorting, no paging). */
export function filterIssues(ctx: IssueQueryContext, query: URLSearchParams): Issue[] {
  return ctx.store.issues.filter(issueMatcher(ctx, query));
}

/** Query parameters that do not change which issues a listing holds or their order. */
const PAGING_PARAMS = new Set(['offset', 'count', 'apiKey', 'expand[]']);
const MAX_CACHED_LISTINGS = 8;

interface ListingCache {
  revision: number;
  length: number;
  last: Issue | undefined;
  listings: Map<string, Issue[]>;
}

const listingCaches = new WeakMap<FakeBacklogStore, ListingCache>();

/**
 * One page of GET /issues: `count` rows from `offset` of sortIssues(filterIssues(...)).
 * Performance only: with ties by id a listing is a pure function of the store and the query,
 * so the sorted listing of each query (paging parameters aside) is kept until the next store
 * mutation (`issueRevision`) instead of being filtered and sorted again for every page.
 */
export function issuePage(
  ctx: IssueQueryContext,
  query: URLSearchParams,
  offset: number,
  count: number,
): Issue[] {
  if (ctx.tieOrder !== 'id') {
    return sortIssues(ctx, filterIssues(ctx, query), query).slice(offset, offset + count);
  }
  const { store } = ctx;
  let cache = listingCaches.get(store);
  const last = store.issues[store.issues.length - 1];
  if (
    !cache ||
    cache.revision !== store.issueRevision ||
    cache.length !== store.issues.length ||
    cache.last !== last
  ) {
    cache = {
      revision: store.issueRevision,
      length: store.issues.length,
      last,
      listings: new Map(),
    };
    listingCaches.set(store, cache);
  }
  const key = JSON.stringify([
    ctx.timeZone,
    [...query].filter(([name]) => !PAGING_PARAMS.has(name)),
  ]);
  let listing = cache.listings.get(key);
  if (!listing) {
    listing = sortIssues(ctx, filterIssues(ctx, query), query);
    if (cache.listings.size >= MAX_CACHED_LISTINGS) {
      cache.listings.delete(cache.listings.keys().next().value as string);
    }
    cache.listings.set(key, listing);
  }
  return listing.slice(offset, offset + count);
}

function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Sorts by `sort` (default updated) and `order` (default desc); ties by id or shuffled. */
export function sortIssues(
  ctx: IssueQueryContext,
  issues: Issue[],
  query: URLSearchParams,
): Issue[] {
  const sortName = query.get('sort') || 'updated';
  const key = SORT_KEYS[sortName];
  if (!key) throw invalidRequest(`Invalid parameter sort: ${sortName}`);
  const dir = orderParam(query) === 'asc' ? 1 : -1;
  const tieRank = new Map<number, number>();
  if (ctx.tieOrder === 'shuffled') {
    const random = seededRandom(ctx.tieSeed);
    for (const issue of issues) tieRank.set(issue.id, random());
  }
  // Each issue's sort value computed once, not at every comparison (dates are parsed).
  const values = new Map<Issue, SortValue>();
  for (const issue of issues) values.set(issue, key(issue));
  return [...issues].sort((a, b) => {
    const primary = compareValues(values.get(a) as SortValue, values.get(b) as SortValue);
    if (primary !== 0) return primary * dir;
    if (ctx.tieOrder === 'shuffled')
      return (tieRank.get(a.id) as number) - (tieRank.get(b.id) as number);
    return (a.id - b.id) * dir;
  });
}
