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

/** Visible issues matching the filters of `query`, in the requested order (no paging). */
export function filterIssues(ctx: IssueQueryContext, query: URLSearchParams): Issue[] {
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
  const within = (iso: string, since?: { start: number }, until?: { endExclusive: number }) => {
    const t = Date.parse(iso);
    return (!since || t >= since.start) && (!until || t < until.endExclusive);
  };
  return store.issues.filter(
    (i) =>
      store.isJoined(i.projectId) &&
      (!projectIds || projectIds.includes(i.projectId)) &&
      (!ids || ids.includes(i.id)) &&
      (!statusIds || statusIds.includes(i.status.id)) &&
      (!assigneeIds || (i.assignee !== null && assigneeIds.includes(i.assignee.id))) &&
      (!issueTypeIds || issueTypeIds.includes(i.issueType.id)) &&
      (!parentIssueIds || (i.parentIssueId !== null && parentIssueIds.includes(i.parentIssueId))) &&
      (!keyword || `${i.summary} ${i.description}`.toLowerCase().includes(keyword)) &&
      within(i.updated, updatedSince, updatedUntil) &&
      within(i.created, createdSince, createdUntil),
  );
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
  const compareValues = (a: SortValue, b: SortValue): number => {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    return a < b ? -1 : 1;
  };
  return [...issues].sort((a, b) => {
    const primary = compareValues(key(a), key(b));
    if (primary !== 0) return primary * dir;
    if (ctx.tieOrder === 'shuffled')
      return (tieRank.get(a.id) as number) - (tieRank.get(b.id) as number);
    return (a.id - b.id) * dir;
  });
}
