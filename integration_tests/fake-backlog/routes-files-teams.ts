/**
 * Shared files and teams.
 * GET /projects/:project/files/metadata/:path: the entries directly in directory :path
 *   (percent-encoded segments; empty = the root), offset/count (1–100, 20), `order` by id
 *   (desc); 404 "No such directory." when it does not exist; [] with file sharing off.
 * GET /teams (administrators only, else 403 code 5): offset/count (1–100, 20), `order` by id
 *   (desc). GET /teams/:teamId. GET /teams/:teamId/icon (icon bucket).
 */
import { notFound } from './errors';
import { countParam, orderParam } from './params';
import { byKeyThenId, forbidden, joinedProject, offsetParam, ok, type Route } from './route-kit';
import { normalizeDirectory } from './store-files';

/** '/a/b/' from the still-encoded path 'a/b' (undefined when a segment is malformed). */
function directoryOf(rawPath: string): string | undefined {
  try {
    return normalizeDirectory(rawPath.split('/').map((s) => decodeURIComponent(s)));
  } catch {
    return undefined;
  }
}

export const FILE_AND_TEAM_ROUTES: Route[] = [
  [
    'GET',
    '/projects/:project/files/metadata/*path',
    (ctx, req, p) => {
      const project = joinedProject(ctx, p.project);
      if (!project.useFileSharing) return ok([]);
      const dir = directoryOf(p.path);
      if (!dir || !ctx.store.isSharedDirectory(project.id, dir)) {
        throw notFound('No such directory.');
      }
      const offset = offsetParam(req.query);
      const count = countParam(req.query);
      const entries = ctx.store
        .sharedFilesIn(project.id, dir)
        .sort(byKeyThenId(() => 0, orderParam(req.query)));
      return ok(entries.slice(offset, offset + count));
    },
  ],
  [
    'GET',
    '/teams',
    (ctx, req) => {
      if (!ctx.store.isAdmin) throw forbidden();
      const offset = offsetParam(req.query);
      const count = countParam(req.query);
      const sorted = [...ctx.store.teams].sort(byKeyThenId(() => 0, orderParam(req.query)));
      return ok(sorted.slice(offset, offset + count));
    },
  ],
  [
    'GET',
    '/teams/:teamId',
    (ctx, _req, p) => {
      const team = /^\d+$/.test(p.teamId) ? ctx.store.findTeam(Number(p.teamId)) : undefined;
      if (!team) throw notFound('No team.');
      return ok(team);
    },
  ],
];
