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
