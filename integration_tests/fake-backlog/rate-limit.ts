/**
 * Backlog's per-bucket rate limit: a window opens at the first request of a bucket and lasts
 * windowMs; requests over the limit get 429 and do not consume budget.
 */
import type { Bucket, RateLimitOptions } from './types';

export const DEFAULT_WINDOW_MS = 60_000;
export const DEFAULT_LIMITS: Record<Bucket, number> = {
  read: 600,
  update: 150,
  search: 150,
  icon: 60,
};
export const BUCKETS: Bucket[] = ['read', 'update', 'search', 'icon'];

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UTC epoch seconds (rounded up) when the current window ends. */
  reset: number;
}

const SEARCH_PATHS = new Set([
  '/api/v2/issues',
  '/api/v2/issues/count',
  '/api/v2/wikis',
  '/api/v2/wikis/count',
]);

/** The rate-limit type of a request (notes §2.2). */
export function bucketFor(method: string, path: string): Bucket {
  if (method !== 'GET' && method !== 'HEAD') return 'update';
  const p = path.replace(/\/+$/, '');
  if (SEARCH_PATHS.has(p)) return 'search';
  if (
    /^\/api\/v2\/(space\/image|users\/[^/]+\/icon|projects\/[^/]+\/image|groups\/[^/]+\/icon|teams\/[^/]+\/icon)$/.test(
      p,
    )
  ) {
    return 'icon';
  }
  return 'read';
}

export class RateLimiter {
  private windowMs = DEFAULT_WINDOW_MS;
  private limits: Record<Bucket, number> = { ...DEFAULT_LIMITS };
  private readonly windows = new Map<Bucket, { start: number; used: number }>();

  constructor(
    options?: RateLimitOptions,
    private readonly clock: () => number = Date.now,
  ) {
    this.configure(options);
  }

  /** Replaces the configuration and forgets all open windows. */
  configure(options?: RateLimitOptions): void {
    this.windowMs = options?.windowMs ?? DEFAULT_WINDOW_MS;
    this.limits = { ...DEFAULT_LIMITS, ...(options?.limits ?? {}) };
    this.windows.clear();
  }

  /** Counts one request against the bucket (unless over the limit) and reports the state. */
  take(bucket: Bucket, nowMs: number = this.clock()): RateLimitState {
    const window = this.current(bucket, nowMs, true) as { start: number; used: number };
    const limit = this.limits[bucket];
    const reset = Math.ceil((window.start + this.windowMs) / 1000);
    if (window.used >= limit) return { allowed: false, limit, remaining: 0, reset };
    window.used++;
    return { allowed: true, limit, remaining: limit - window.used, reset };
  }

  /** State without consuming (for GET /rateLimit). */
  peek(bucket: Bucket, nowMs: number = this.clock()): Omit<RateLimitState, 'allowed'> {
    const window = this.current(bucket, nowMs, false);
    const limit = this.limits[bucket];
    if (!window)
      return { limit, remaining: limit, reset: Math.ceil((nowMs + this.windowMs) / 1000) };
    return {
      limit,
      remaining: Math.max(0, limit - window.used),
      reset: Math.ceil((window.start + this.windowMs) / 1000),
    };
  }

  private current(bucket: Bucket, nowMs: number, open: boolean) {
    let window = this.windows.get(bucket);
    if (window && nowMs >= window.start + this.windowMs) {
      this.windows.delete(bucket);
      window = undefined;
    }
    if (!window && open) {
      window = { start: nowMs, used: 0 };
      this.windows.set(bucket, window);
    }
    return window;
  }
}
