import type { Clock } from './clock';
import { parseRateLimitHeaders, RateLimitGovernor } from './rate-limit';

class FakeClock implements Clock {
  nowMs = 1_700_000_000_000;
  slept: number[] = [];
  now(): number {
    return this.nowMs;
  }
  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.nowMs += ms;
  }
}

const headers = (limit: number, remaining: number, resetMs: number) => ({
  limit,
  remaining,
  resetEpochSeconds: Math.ceil(resetMs / 1000),
});

describe('RateLimitGovernor', () => {
  it('spends only its share of a bucket, then waits for the reset', async () => {
    const clock = new FakeClock();
    const governor = new RateLimitGovernor(0.5, clock);
    const reset = clock.nowMs + 60_000;
    let remaining = 10;
    for (let i = 0; i < 5; i++) {
      await governor.acquire('search');
      remaining -= 1;
      governor.release('search', headers(10, remaining, reset));
    }
    expect(clock.slept).toEqual([]);
    await governor.acquire('search');
    expect(clock.slept).toHaveLength(1);
    expect(clock.nowMs).toBeGreaterThanOrEqual(reset);
    expect(governor.stats.waits).toBe(1);
  });

  it('counts budgets per bucket', async () => {
    const clock = new FakeClock();
    const governor = new RateLimitGovernor(1, clock);
    await governor.acquire('search');
    governor.release('search', headers(1, 0, clock.nowMs + 60_000));
    await governor.acquire('read');
    governor.release('read', headers(600, 599, clock.nowMs + 60_000));
    expect(clock.slept).toEqual([]);
  });

  it('waits until X-RateLimit-Reset after a 429', async () => {
    const clock = new FakeClock();
    const governor = new RateLimitGovernor(1, clock);
    await governor.backOffAfter429('read', headers(600, 0, clock.nowMs + 20_000));
    expect(clock.slept[0]).toBeGreaterThanOrEqual(20_000);
    expect(clock.slept[0]).toBeLessThan(21_500);
    expect(governor.stats.rateLimited).toBe(1);
  });

  it('parses the X-RateLimit headers and ignores their absence', () => {
    expect(
      parseRateLimitHeaders({
        'x-ratelimit-limit': '150',
        'x-ratelimit-remaining': '142',
        'x-ratelimit-reset': '1605484860',
      }),
    ).toEqual({ limit: 150, remaining: 142, resetEpochSeconds: 1605484860 });
    expect(parseRateLimitHeaders({})).toBeUndefined();
  });
});

/**
 * A Backlog-like bucket on the fake clock: a window starts with its first request, lasts
 * `windowMs`, and X-RateLimit-Reset rounds its end up to a whole second.
 */
class WindowedBucket {
  windowStart?: number;
  used = 0;
  rejected = 0;
  constructor(
    private readonly clock: FakeClock,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  answer(): { limit: number; remaining: number; resetEpochSeconds: number } | 'too many' {
    const now = this.clock.nowMs;
    if (this.windowStart === undefined || now >= this.windowStart + this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const resetEpochSeconds = Math.ceil((this.windowStart + this.windowMs) / 1000);
    if (this.used >= this.limit) {
      this.rejected += 1;
      return 'too many';
    }
    this.used += 1;
    return { limit: this.limit, remaining: this.limit - this.used, resetEpochSeconds };
  }
}

async function sendThrough(
  governor: RateLimitGovernor,
  clock: FakeClock,
  bucket: WindowedBucket,
  requests: number,
  latencyMs = 10,
): Promise<void> {
  for (let sent = 0; sent < requests;) {
    await governor.acquire('read');
    const sentAtMs = clock.nowMs;
    clock.nowMs += latencyMs / 2;
    const answer = bucket.answer();
    clock.nowMs += latencyMs / 2;
    if (answer === 'too many') {
      governor.release('read', undefined);
      await governor.backOffAfter429('read', undefined);
      continue;
    }
    governor.release('read', answer, { sentAtMs, receivedAtMs: clock.nowMs });
    sent += 1;
  }
}

describe('RateLimitGovernor and whole-second reset headers', () => {
  it('starts the next window where the last one ends, not at the rounded-up reset second', async () => {
    const clock = new FakeClock();
    clock.nowMs += 300; // windows begin 0.3 s into a second: the header rounds their end up by 0.7 s
    const bucket = new WindowedBucket(clock, 10, 2000);
    const governor = new RateLimitGovernor(1, clock);
    const started = clock.nowMs;
    await sendThrough(governor, clock, bucket, 100);
    expect(bucket.rejected).toBe(0);
    // 10 windows of 2 s; waiting for each rounded-up reset second would take about 9 × 2.95 s.
    expect(clock.nowMs - started).toBeLessThan(9 * 2000 * 1.1);
  });

  it('stops guessing after a request sent before the reset second meets a 429', async () => {
    const clock = new FakeClock();
    clock.nowMs += 300;
    // Windows of 2.3 s (not whole seconds, unlike Backlog's minute): the guess is wrong once.
    const bucket = new WindowedBucket(clock, 10, 2300);
    const governor = new RateLimitGovernor(1, clock);
    await sendThrough(governor, clock, bucket, 60);
    expect(bucket.rejected).toBe(1);
    expect(governor.stats.rateLimited).toBe(1);
  });
});
