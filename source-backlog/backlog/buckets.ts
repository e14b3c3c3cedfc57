export type RateLimitBucket = 'read' | 'update' | 'search' | 'icon';

// Backlog counts these four list endpoints against the small "search" budget, not "read".
const SEARCH_PATHS = new Set(['/issues', '/issues/count', '/wikis', '/wikis/count']);
const ICON_PATH =
  /^\/(space\/image|users\/[^/]+\/icon|projects\/[^/]+\/image|groups\/[^/]+\/icon|teams\/[^/]+\/icon)$/;

export function bucketFor(method: string, path: string): RateLimitBucket {
  if (method.toUpperCase() !== 'GET') return 'update';
  if (SEARCH_PATHS.has(path)) return 'search';
  if (ICON_PATH.test(path)) return 'icon';
  return 'read';
}
