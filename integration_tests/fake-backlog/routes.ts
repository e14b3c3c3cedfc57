/**
 * The Backlog API v2 endpoints of the fake: routing table and handlers (no HTTP details).
 * Space, users, projects, issues, comments and activities are here; wikis and documents in
 * routes-pages.ts, Git in routes-git.ts, shared files and teams in routes-files-teams.ts,
 * project roles, teams and webhooks and users' watchings and stars in routes-members.ts.
 * GET /space/licence and /space/diskUsage answer administrators only (403 code 5 otherwise).
 */
import { notFound } from './errors';
import { filterIssues, issuePage, type IssueQueryContext } from './issue-query';
import { boolParam, countParam, intArrayParam, intParam, keysetPage } from './params';
import { BUCKETS } from './rate-limit';
import {
  forbidden,
  ok,
  visibleProject,
  type ApiContext,
  type ApiRequest,
  type ApiResponse,
  type Params,
  type Route,
} from './route-kit';
import { FILE_AND_TEAM_ROUTES } from './routes-files-teams';
import { GIT_ROUTES } from './routes-git';
import { MEMBER_ROUTES } from './routes-members';
import { PAGE_ROUTES } from './routes-pages';
import type { Activity, Issue } from './types';
import type { ProjectMetadata } from './generate';

export type { ApiContext, ApiRequest, ApiResponse };

/** 1x1 transparent GIF served for icon endpoints. */
const ICON = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const icon = (): ApiResponse => ({ status: 200, raw: { contentType: 'image/gif', data: ICON } });

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
const PROJECT_METADATA_ROUTES: Route[] = PROJECT_METADATA_FIELDS.map((field) => [
  'GET',
  `/projects/:project/${field}`,
  (ctx, _r, p) => ok(projectMetadata(ctx, p.project)[field]),
]);

const ROUTES: Route[] = [
  ['GET', '/space', (ctx) => ok(ctx.store.space)],
  ['GET', '/space/activities', (ctx, req) => activityPage(ctx, req.query, () => true)],
  ['GET', '/space/image', () => icon()],
  [
    'GET',
    '/space/licence',
    (ctx) => {
      if (!ctx.store.isAdmin) throw forbidden();
      return ok(ctx.store.licence);
    },
  ],
  [
    'GET',
    '/space/diskUsage',
    (ctx) => {
      if (!ctx.store.isAdmin) throw forbidden();
      return ok(ctx.store.diskUsage());
    },
  ],
  ['GET', '/space/notification', (ctx) => ok(ctx.store.spaceNotification)],
  ['GET', '/users/myself', (ctx) => ok(ctx.store.myself)],
  [
    'GET',
    '/users',
    (ctx) => {
      if (!ctx.store.isAdmin) throw forbidden();
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
      const page = issuePage(issueQueryContext(ctx), req.query, offset, count);
      return ok(page.map((i) => withChildSummary(ctx, i, req.query)));
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
    '/issues/:issue/participants',
    (ctx, _req, p) => ok(ctx.store.issueParticipants(visibleIssue(ctx, p.issue).id)),
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
  ...PAGE_ROUTES,
  ...GIT_ROUTES,
  ...FILE_AND_TEAM_ROUTES,
  ...MEMBER_ROUTES,
  ['GET', '/teams/:teamId/icon', () => icon()],
];

const COMPILED = ROUTES.map(([method, pattern, handler]) => {
  const names: string[] = [];
  const wildcards = new Set<string>();
  const source = pattern
    .replace(/\/\*(\w+)$/, (_m, name: string) => {
      wildcards.add(name);
      return '(?:/(.*))?';
    })
    .replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  names.push(...wildcards);
  return { method, regex: new RegExp(`^${source}/?$`), names, wildcards, handler };
});

/** Dispatches an authenticated API request; throws ApiError for error answers. */
export function handleApi(ctx: ApiContext, req: ApiRequest): ApiResponse {
  for (const route of COMPILED) {
    if (route.method !== req.method) continue;
    const m = route.regex.exec(req.path);
    if (!m) continue;
    const params: Params = {};
    route.names.forEach((name, i) => {
      const raw = m[i + 1] ?? '';
      params[name] = route.wildcards.has(name) ? raw : decodeURIComponent(raw);
    });
    return route.handler(ctx, req, params);
  }
  throw notFound('No such resource.');
}
