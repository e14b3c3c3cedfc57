import type { RateLimitBucket } from './buckets';
import type { Clock } from './clock';

export interface RateLimitHeaders {
  limit: number;
  remaining: number;
  resetEpochSeconds: number;
}

interface BucketState {
  limit?: number;
  remaining?: number;
  resetAtMs?: number;
  inFlight: number;
}

export interface GovernorStats {
  waits: number;
  waitedMs: number;
  rateLimited: number;
}

const RESET_MARGIN_MS = 250;
const FALLBACK_429_WAIT_MS = 60_000;
const MAX_429_WAIT_MS = 120_000;

export function parseRateLimitHeaders(
  headers: Record<string, unknown>,
): RateLimitHeaders | undefined {
  const limit = Number(headers['x-ratelimit-limit']);
  const remaining = Number(headers['x-ratelimit-remaining']);
  const reset = Number(headers['x-ratelimit-reset']);
  if (
    ![limit, remaining, reset].every(Number.isFinite) ||
    headers['x-ratelimit-limit'] === undefined
  ) {
    return undefined;
  }
  return { limit, remaining, resetEpochSeconds: reset };
}

/**
 * Backlog budgets are per user, per minute and per bucket, and shared with every other tool the
 * user runs. The governor spends at most `share` of each bucket's limit per window, learning the
 * limit and window from the X-RateLimit-* headers, and waits for the reset instead of hitting 429.
 */
export class RateLimitGovernor {
  private readonly buckets = new Map<RateLimitBucket, BucketState>();
  private readonly waiters = new Map<RateLimitBucket, Array<() => void>>();
  readonly stats: GovernorStats = { waits: 0, waitedMs: 0, rateLimited: 0 };

  constructor(
    private readonly share: number,
    private readonly clock: Clock,
    private readonly onWait?: (bucket: RateLimitBucket, ms: number) => void,
  ) {}

  private state(bucket: RateLimitBucket): BucketState {
    let state = this.buckets.get(bucket);
    if (!state) {
      state = { inFlight: 0 };
      this.buckets.set(bucket, state);
    }
    return state;
  }

  /** Waits until a request in `bucket` fits the budget share, then counts it as in flight. */
  async acquire(bucket: RateLimitBucket): Promise<void> {
    for (;;) {
      const state = this.state(bucket);
      const now = this.clock.now();
      if (state.resetAtMs !== undefined && now >= state.resetAtMs && state.limit !== undefined) {
        state.remaining = state.limit;
        state.resetAtMs = undefined;
      }
      if (state.limit === undefined || state.remaining === undefined) {
        // Until the first answer tells us the budget, send one request at a time.
        if (state.inFlight === 0) break;
        await this.waitForRelease(bucket);
        continue;
      }
      const allowed = Math.max(1, Math.floor(state.limit * this.share));
      const used = state.limit - state.remaining + state.inFlight;
      if (used < allowed && state.remaining - state.inFlight > 0) break;
      if (state.resetAtMs === undefined) {
        // The window has not been seen to start: one request at a time learns it.
        if (state.inFlight === 0) break;
        await this.waitForRelease(bucket);
        continue;
      }
      await this.pause(bucket, state.resetAtMs - now + RESET_MARGIN_MS);
    }
    this.state(bucket).inFlight += 1;
  }

  /** Marks a request as done and learns from its headers. */
  release(bucket: RateLimitBucket, headers: RateLimitHeaders | undefined): void {
    const state = this.state(bucket);
    state.inFlight = Math.max(0, state.inFlight - 1);
    if (headers) this.learn(state, headers);
    const waiters = this.waiters.get(bucket) ?? [];
    this.waiters.set(bucket, []);
    for (const wake of waiters) wake();
  }

  /** After a 429: wait until the bucket resets (X-RateLimit-Reset), or a minute without it. */
  async backOffAfter429(
    bucket: RateLimitBucket,
    headers: RateLimitHeaders | undefined,
  ): Promise<void> {
    this.stats.rateLimited += 1;
    const state = this.state(bucket);
    if (headers) this.learn(state, { ...headers, remaining: 0 });
    const waitMs = headers
      ? Math.min(
          MAX_429_WAIT_MS,
          Math.max(1000, headers.resetEpochSeconds * 1000 - this.clock.now()),
        )
      : FALLBACK_429_WAIT_MS;
    await this.pause(bucket, waitMs + RESET_MARGIN_MS + Math.random() * 500);
  }

  private learn(state: BucketState, headers: RateLimitHeaders): void {
    const resetAtMs = headers.resetEpochSeconds * 1000;
    const sameWindow =
      state.resetAtMs !== undefined && Math.abs(state.resetAtMs - resetAtMs) < 1000;
    state.limit = headers.limit;
    // Answers can arrive out of order: within one window the lowest remaining count is the truth.
    state.remaining =
      sameWindow && state.remaining !== undefined
        ? Math.min(state.remaining, headers.remaining)
        : headers.remaining;
    state.resetAtMs = resetAtMs > this.clock.now() ? resetAtMs : undefined;
  }

  private async pause(bucket: RateLimitBucket, ms: number): Promise<void> {
    const waitMs = Math.max(1, Math.ceil(ms));
    this.stats.waits += 1;
    this.stats.waitedMs += waitMs;
    this.onWait?.(bucket, waitMs);
    await this.clock.sleep(waitMs);
  }

  private waitForRelease(bucket: RateLimitBucket): Promise<void> {
    return new Promise((resolve) => {
      const list = this.waiters.get(bucket) ?? [];
      list.push(resolve);
      this.waiters.set(bucket, list);
    });
  }
}
