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
  /** Where in its second the current window began (ms), when one request pinned it down. */
  windowPhaseMs?: number;
  /** Set after a request sent before the reset second met a 429: stop trying that. */
  earlyResetRefused?: boolean;
  /** The reset second a request was sent ahead of (ms), while that is unconfirmed. */
  sentAheadOfMs?: number;
}

/** When a request went out and its answer came back, by our clock. */
export interface RequestTiming {
  sentAtMs: number;
  receivedAtMs: number;
}

export interface GovernorStats {
  waits: number;
  waitedMs: number;
  rateLimited: number;
}

const RESET_MARGIN_MS = 250;
const PHASE_MARGIN_MS = 50;
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
      if (
        state.resetAtMs !== undefined &&
        now >= this.windowEnd(state) &&
        state.limit !== undefined
      ) {
        if (now < state.resetAtMs) state.sentAheadOfMs = state.resetAtMs;
        state.remaining = state.limit;
        state.resetAtMs = undefined;
      }
      if (state.sentAheadOfMs !== undefined && state.inFlight > 0) {
        // A request sent ahead of the reset second is out: the rest wait for its answer.
        await this.waitForRelease(bucket);
        continue;
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
      await this.pause(bucket, this.windowEnd(state) - now);
    }
    this.state(bucket).inFlight += 1;
  }

  /** Marks a request as done and learns from its headers. */
  release(
    bucket: RateLimitBucket,
    headers: RateLimitHeaders | undefined,
    timing?: RequestTiming,
  ): void {
    const state = this.state(bucket);
    state.inFlight = Math.max(0, state.inFlight - 1);
    if (headers) {
      this.learn(state, headers);
      if (timing) this.learnPhase(state, headers, timing);
    }
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
    if (state.sentAheadOfMs !== undefined) {
      state.earlyResetRefused = true;
      state.sentAheadOfMs = undefined;
    }
    if (headers) this.learn(state, { ...headers, remaining: 0 });
    const waitMs = headers
      ? Math.min(
          MAX_429_WAIT_MS,
          Math.max(1000, headers.resetEpochSeconds * 1000 - this.clock.now()),
        )
      : FALLBACK_429_WAIT_MS;
    await this.pause(bucket, waitMs + RESET_MARGIN_MS + Math.random() * 500);
  }

  /**
   * X-RateLimit-Reset has whole seconds, but a window is a whole number of seconds long and
   * starts with its first request: it ends at the same point within a second as it began. The
   * answer to a window's first request (remaining = limit - 1) shows that point, unless the
   * request crossed a second boundary. A 429 on a request sent on that guess turns it off.
   */
  private learnPhase(state: BucketState, headers: RateLimitHeaders, timing: RequestTiming): void {
    // An answer at all (not a 429) means a request sent ahead of the reset second was welcome.
    state.sentAheadOfMs = undefined;
    if (headers.remaining !== headers.limit - 1) return;
    const sameSecond =
      Math.floor(timing.sentAtMs / 1000) === Math.floor(timing.receivedAtMs / 1000);
    state.windowPhaseMs = sameSecond ? timing.receivedAtMs % 1000 : undefined;
  }

  /** When the current window is over, by our best knowledge. */
  private windowEnd(state: BucketState): number {
    const resetAtMs = state.resetAtMs as number;
    if (state.windowPhaseMs === undefined || state.earlyResetRefused) {
      return resetAtMs + RESET_MARGIN_MS;
    }
    return Math.min(
      resetAtMs + RESET_MARGIN_MS,
      resetAtMs - 1000 + state.windowPhaseMs + PHASE_MARGIN_MS,
    );
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
