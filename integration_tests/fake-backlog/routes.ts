/** The Backlog API v2 endpoints of the fake: routing table and handlers (no HTTP details). */
import { ApiError, ErrorCode, notFound } from './errors';
import { filterIssues, sortIssues, type IssueQueryContext } from './issue-query';
import { boolParam, countParam, intArrayParam, intParam, keysetPage } from './params';
import { BUCKETS, type RateLimiter } from './rate-limit';
import type { FakeBacklogStore } from './store';
import type { Activity, Issue, Project } from './types';
import type { ProjectMetadata } from './generate';

export interface ApiRequest {
  method: string;
  /** Path below /api/v2, e.g. '/issues/PRJ1-1'. */
  path: string;
  query: URLSearchParams;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  /** Binary body (icons) instead of JSON. */
  raw?: { contentType: string; data: Buffer };
}

export interface ApiContext {
  store: FakeBacklogStore;
  rateLimiter: RateLimiter;
  timeZone: string;
  tieOrder: 'id' | 'shuffled';
  /** A fresh seed per request for the 'shuffled' tie order. */
  nextTieSeed: () => number;
}

type Params = Record<string, string>;
type Handler = (ctx: ApiContext, req: ApiRequest, params: Params) => ApiResponse;

/** 1x1 transparent GIF served for icon endpoints. */
const ICON = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const ok = (body: unknown): ApiResponse => ({ status: 200, body });
const icon = (): ApiResponse => ({ status: 200, raw: { contentType: 'image/gif', data: ICON } });

function visibleProject(ctx: ApiContext, idOrKey: string): Project {
  const project = ctx.store.findProject(idOrKey);
  if (!project || !(ctx.store.isJoined(project.id) || ctx.store.isAdmin)) {
    throw notFound('No project.');
  }
  return project;
}

function visibleIssue(ctx: ApiContext, idOrKey: string): Issue {
  const issue = ctx.store.findIssue(idOrKey);
  if (!issue || !ctx.store.isJoined(issue.projectId)) throw notFound('No issue.');
  return issue;
}

function projectMetadata(ctx: ApiContext, idOrKey: string) {
  const project = visibleProject(ctx, idOrKey);
  const meta = ctx.store.metadata.get(project.id);
  if (!meta) throw notFound('No project.');
  return meta;
}

function activityPage(ctx: ApiContext, query: URLSearchParams, scope: (a: Activity) => boolean) {
  const types = intArrayParam(query, 'activityTypeId');
  const items = ctx.store.activities.filter(
    (a) => ctx.store.isJoined(a.project.id) && scope(a) && (!types || types.includes(a.type)),
  );
  return ok(keysetPage(items, query));
}

function issueQueryContext(ctx: ApiContext): IssueQueryContext {
  return {
    store: ctx.store,
    timeZone: ctx.timeZone,
    tieOrder: ctx.tieOrder,
    tieSeed: ctx.nextTieSeed(),
  };
}

function withChildSummary(ctx: ApiContext, issue: Issue, query: URLSearchParams): unknown {
  return query.getAll('expand[]').includes('childIssueSummary')
    ? { ...issue, childIssueSummary: ctx.store.childIssueSummary(issue.id) }
    : issue;
}

// Each list of a project's settings is one GET /projects/:project/<field>.
const PROJECT_METADATA_FIELDS: Array<keyof ProjectMetadata> = [
  'issueTypes',
  'statuses',
  'categories',
  'versions',
  'customFields',
];
const PROJECT_METADATA_ROUTES: Array<[string, string, Handler]> = PROJECT_METADATA_FIELDS.map(
  (field) => [
    'GET',
    `/projects/:project/${field}`,
    (ctx, _r, p) => ok(projectMetadata(ctx, p.project)[field]),
  ],
);

const ROUTES: Array<[string, string, Handler]> = [
  ['GET', '/space', (ctx) => ok(ctx.store.space)],
  ['GET', '/space/activities', (ctx, req) => activityPage(ctx, req.query, () => true)],
  ['GET', '/space/image', () => icon()],
  ['GET', '/users/myself', (ctx) => ok(ctx.store.myself)],
  [
    'GET',
    '/users',
    (ctx) => {
      if (!ctx.store.isAdmin) {
        throw new ApiError(
          403,
          ErrorCode.UnauthorizedOperationError,
          'You do not have permission to perform this operation.',
        );
      }
      return ok(ctx.store.users);
    },
  ],
  [
    'GET',
    '/users/:userId',
    (ctx, _req, p) => {
      const user = ctx.store.users.find((u) => String(u.id) === p.userId);
      if (!user) throw notFound('No user.');
      return ok(user);
    },
  ],
  ['GET', '/users/:userId/icon', () => icon()],
  [
    'GET',
    '/rateLimit',
    (ctx) =>
      ok({
        rateLimit: Object.fromEntries(BUCKETS.map((b) => [b, ctx.rateLimiter.peek(b)])),
      }),
  ],
  [
    'GET',
    '/projects',
    (ctx, req) => {
      const archived = boolParam(req.query, 'archived');
      const all = boolParam(req.query, 'all') === true && ctx.store.isAdmin;
      return ok(
        ctx.store.projects.filter(
          (p) =>
            (all || ctx.store.isJoined(p.id)) &&
            (archived === undefined || p.archived === archived),
        ),
      );
    },
  ],
  ['GET', '/projects/:project', (ctx, _req, p) => ok(visibleProject(ctx, p.project))],
  [
    'GET',
    '/projects/:project/users',
    (ctx, _req, p) => ok(ctx.store.projectUsers(visibleProject(ctx, p.project).id)),
  ],
  ['GET', '/projects/:project/image', () => icon()],
  ...PROJECT_METADATA_ROUTES,
  [
    'GET',
    '/projects/:project/activities',
    (ctx, req, p) => {
      const project = visibleProject(ctx, p.project);
      return activityPage(ctx, req.query, (a) => a.project.id === project.id);
    },
  ],
  ['GET', '/priorities', (ctx) => ok(ctx.store.priorities)],
  ['GET', '/resolutions', (ctx) => ok(ctx.store.resolutions)],
  [
    'GET',
    '/issues',
    (ctx, req) => {
      const offset = intParam(req.query, 'offset', { min: 0 }) ?? 0;
      const count = countParam(req.query);
      const qctx = issueQueryContext(ctx);
      const sorted = sortIssues(qctx, filterIssues(qctx, req.query), req.query);
      return ok(
        sorted.slice(offset, offset + count).map((i) => withChildSummary(ctx, i, req.query)),
      );
    },
  ],
  [
    'GET',
    '/issues/count',
    (ctx, req) => ok({ count: filterIssues(issueQueryContext(ctx), req.query).length }),
  ],
  [
    'GET',
    '/issues/:issue',
    (ctx, req, p) => ok(withChildSummary(ctx, visibleIssue(ctx, p.issue), req.query)),
  ],
  [
    'GET',
    '/issues/:issue/comments',
    (ctx, req, p) => ok(keysetPage(ctx.store.commentsOf(visibleIssue(ctx, p.issue).id), req.query)),
  ],
  [
    'GET',
    '/issues/:issue/comments/count',
    (ctx, _req, p) => ok({ count: ctx.store.commentsOf(visibleIssue(ctx, p.issue).id).length }),
  ],
  [
    'GET',
    '/issues/:issue/comments/:commentId',
    (ctx, _req, p) => {
      const issue = visibleIssue(ctx, p.issue);
      const comment = ctx.store.commentsOf(issue.id).find((c) => String(c.id) === p.commentId);
      if (!comment) throw notFound('No comment.');
      return ok(comment);
    },
  ],
  ['GET', '/wikis', () => ok([])],
  ['GET', '/wikis/count', () => ok({ count: 0 })],
];

const COMPILED = ROUTES.map(([method, pattern, handler]) => {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, regex: new RegExp(`^${source}/?$`), names, handler };
});

/** Dispatches an authenticated API request; throws ApiError for error answers. */
export function handleApi(ctx: ApiContext, req: ApiRequest): ApiResponse {
  for (const route of COMPILED) {
    if (route.method !== req.method) continue;
    const m = route.regex.exec(req.path);
    if (!m) continue;
    const params: Params = {};
    route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
    return route.handler(ctx, req, params);
  }
  throw notFound('No such resource.');
}
