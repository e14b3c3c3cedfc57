/**
 * Git: /projects/:project/git/repositories[/:repo[/pullRequests[/:number[/comments]]]].
 * Repositories of a joined project in id order ([] with Git off; :repo is an id or a name).
 * Pull requests: offset/count (1–100, 20), `statusId[]`, `assigneeId[]`, `issueId[]`,
 * `createdUserId[]`, no sort parameter: always `number` descending. The list carries
 * `issue: {id}`; the single PR carries the full Issue (when it still exists).
 * PR comments: keyset paging like issue comments (minId/maxId exclusive, order desc).
 */
import { notFound } from './errors';
import { countParam, intArrayParam, keysetPage } from './params';
import {
  joinedProject,
  offsetParam,
  ok,
  type ApiContext,
  type Params,
  type Route,
} from './route-kit';
import type { GitRepository, PullRequest } from './types';

const BASE = '/projects/:project/git/repositories';

function repository(ctx: ApiContext, p: Params): GitRepository {
  const project = joinedProject(ctx, p.project);
  const repo = project.useGit ? ctx.store.findRepository(project.id, p.repo) : undefined;
  if (!repo) throw notFound('No repository.');
  return repo;
}

function pullRequest(ctx: ApiContext, p: Params): PullRequest {
  const repo = repository(ctx, p);
  const pr = /^\d+$/.test(p.number)
    ? ctx.store.findPullRequest(repo.id, Number(p.number))
    : undefined;
  if (!pr) throw notFound('No pull request.');
  return pr;
}

function filterPullRequests(ctx: ApiContext, p: Params, query: URLSearchParams): PullRequest[] {
  const repo = repository(ctx, p);
  const statusIds = intArrayParam(query, 'statusId');
  const assigneeIds = intArrayParam(query, 'assigneeId');
  const issueIds = intArrayParam(query, 'issueId');
  const createdUserIds = intArrayParam(query, 'createdUserId');
  return ctx.store.pullRequests.filter(
    (pr) =>
      pr.repositoryId === repo.id &&
      (!statusIds || statusIds.includes(pr.status.id)) &&
      (!assigneeIds || (pr.assignee !== null && assigneeIds.includes(pr.assignee.id))) &&
      (!issueIds || (pr.issue !== null && issueIds.includes(pr.issue.id))) &&
      (!createdUserIds || createdUserIds.includes(pr.createdUser.id)),
  );
}

export const GIT_ROUTES: Route[] = [
  [
    'GET',
    BASE,
    (ctx, _req, p) => {
      const project = joinedProject(ctx, p.project);
      const repos = ctx.store.repositories.filter((r) => r.projectId === project.id);
      return ok(project.useGit ? repos : []);
    },
  ],
  ['GET', `${BASE}/:repo`, (ctx, _req, p) => ok(repository(ctx, p))],
  [
    'GET',
    `${BASE}/:repo/pullRequests`,
    (ctx, req, p) => {
      const offset = offsetParam(req.query);
      const count = countParam(req.query);
      const sorted = filterPullRequests(ctx, p, req.query).sort((a, b) => b.number - a.number);
      return ok(sorted.slice(offset, offset + count));
    },
  ],
  [
    'GET',
    `${BASE}/:repo/pullRequests/count`,
    (ctx, req, p) => ok({ count: filterPullRequests(ctx, p, req.query).length }),
  ],
  [
    'GET',
    `${BASE}/:repo/pullRequests/:number`,
    (ctx, _req, p) => {
      const pr = pullRequest(ctx, p);
      const issue = pr.issue && ctx.store.findIssue(pr.issue.id);
      return ok(issue ? { ...pr, issue } : pr);
    },
  ],
  [
    'GET',
    `${BASE}/:repo/pullRequests/:number/comments`,
    (ctx, req, p) =>
      ok(keysetPage(ctx.store.pullRequestCommentsOf(pullRequest(ctx, p).id), req.query)),
  ],
  [
    'GET',
    `${BASE}/:repo/pullRequests/:number/comments/count`,
    (ctx, _req, p) => ok({ count: ctx.store.pullRequestCommentsOf(pullRequest(ctx, p).id).length }),
  ],
];
