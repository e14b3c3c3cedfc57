/**
 * Project members and their roles, and per-user lists.
 * GET /projects/:project/administrators, /webhooks: space administrators only (403 code 5
 *   otherwise, the stricter reading of Backlog's docs). GET /projects/:project/teams: any user
 *   who may see the project; full teams with members, by id.
 * GET /users/:userId/watchings: offset/count (1–100, 20), `order` (desc), `sort`
 *   created|updated|issueUpdated (issueUpdated), ties by id in `order`; `resourceAlreadyRead`
 *   and `issueId[]` filters; only issues of joined projects. A key that is not an
 *   administrator's may read only its own user's list (403 otherwise).
 * GET /users/:userId/stars: the stars the user received, keyset-paged by id like comments;
 *   anyone's. Unknown users: 404 "No user.".
 */
import { invalidRequest, notFound } from './errors';
import { boolParam, countParam, intArrayParam, keysetPage, orderParam } from './params';
import {
  byKeyThenId,
  forbidden,
  offsetParam,
  ok,
  visibleProject,
  type ApiContext,
  type Route,
} from './route-kit';
import type { User, Watching } from './types';

const WATCHING_SORTS = new Map<string, (w: Watching) => string>([
  ['created', (w) => w.created],
  ['updated', (w) => w.updated],
  ['issueUpdated', (w) => w.issue.updated],
]);

function existingUser(ctx: ApiContext, rawId: string): User {
  const user = ctx.store.users.find((u) => String(u.id) === rawId);
  if (!user) throw notFound('No user.');
  return user;
}

function requireAdministrator(ctx: ApiContext): void {
  if (!ctx.store.isAdmin) throw forbidden();
}

export const MEMBER_ROUTES: Route[] = [
  [
    'GET',
    '/projects/:project/administrators',
    (ctx, _req, p) => {
      requireAdministrator(ctx);
      return ok(ctx.store.projectAdministrators(visibleProject(ctx, p.project).id));
    },
  ],
  [
    'GET',
    '/projects/:project/teams',
    (ctx, _req, p) => ok(ctx.store.projectTeams(visibleProject(ctx, p.project).id)),
  ],
  [
    'GET',
    '/projects/:project/webhooks',
    (ctx, _req, p) => {
      requireAdministrator(ctx);
      return ok(ctx.store.webhooksOf(visibleProject(ctx, p.project).id));
    },
  ],
  [
    'GET',
    '/users/:userId/watchings',
    (ctx, req, p) => {
      const user = existingUser(ctx, p.userId);
      if (!ctx.store.isAdmin && user.id !== ctx.store.myself.id) throw forbidden();
      const offset = offsetParam(req.query);
      const count = countParam(req.query);
      const order = orderParam(req.query);
      const sort = req.query.get('sort') || 'issueUpdated';
      const sortKey = WATCHING_SORTS.get(sort);
      if (!sortKey) throw invalidRequest(`Invalid parameter sort: ${sort}`);
      const read = boolParam(req.query, 'resourceAlreadyRead');
      const issueIds = intArrayParam(req.query, 'issueId');
      const selected = ctx.store
        .watchingsOf(user.id)
        .filter(
          (w) =>
            (read === undefined || w.resourceAlreadyRead === read) &&
            (!issueIds || issueIds.includes(w.issue.id)),
        )
        .sort(byKeyThenId(sortKey, order));
      return ok(selected.slice(offset, offset + count));
    },
  ],
  [
    'GET',
    '/users/:userId/stars',
    (ctx, req, p) =>
      ok(keysetPage(ctx.store.starsReceivedBy(existingUser(ctx, p.userId).id), req.query)),
  ],
];
