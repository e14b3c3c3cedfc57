/** Types and helpers shared by the route modules (routes.ts and routes-*.ts). */
import { ApiError, ErrorCode, invalidRequest, notFound } from './errors';
import { intParam } from './params';
import type { RateLimiter } from './rate-limit';
import type { FakeBacklogStore } from './store';
import type { Project } from './types';

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

/**
 * Path parameters. `:name` matches one segment and arrives decoded; a trailing `/*name`
 * matches the rest of the path (possibly empty) and arrives still percent-encoded.
 */
export type Params = Record<string, string>;
export type Handler = (ctx: ApiContext, req: ApiRequest, params: Params) => ApiResponse;
export type Route = [method: string, pattern: string, handler: Handler];

export const ok = (body: unknown): ApiResponse => ({ status: 200, body });

export const forbidden = (): ApiError =>
  new ApiError(
    403,
    ErrorCode.UnauthorizedOperationError,
    'You do not have permission to perform this operation.',
  );

/** A project the API user may see: joined, or any project for an administrator. */
export function visibleProject(ctx: ApiContext, idOrKey: string): Project {
  const project = ctx.store.findProject(idOrKey);
  if (!project || !(ctx.store.isJoined(project.id) || ctx.store.isAdmin)) {
    throw notFound('No project.');
  }
  return project;
}

/** A project the API user joined (content endpoints: wikis, documents, Git, files). */
export function joinedProject(ctx: ApiContext, idOrKey: string): Project {
  const project = ctx.store.findProject(idOrKey);
  if (!project || !ctx.store.isJoined(project.id)) throw notFound('No project.');
  return project;
}

/** `offset` (default 0, or 400 when `required` and missing) and `count` already parsed. */
export function offsetParam(query: URLSearchParams, required = false): number {
  const offset = intParam(query, 'offset', { min: 0 });
  if (offset === undefined && required) throw invalidRequest('offset is required');
  return offset ?? 0;
}

/** Compares by a key, then by id, both in the direction of `order`. */
export function byKeyThenId<T extends { id: number | string }>(
  key: (x: T) => number | string,
  order: 'asc' | 'desc',
): (a: T, b: T) => number {
  const dir = order === 'asc' ? 1 : -1;
  const cmp = (x: number | string, y: number | string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => (cmp(key(a), key(b)) || cmp(a.id, b.id)) * dir;
}
