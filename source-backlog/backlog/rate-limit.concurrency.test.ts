import type { Clock } from './clock';
import { parseRateLimitHeaders, RateLimitGovernor } from './rate-limit';

const T0 = 1_700_000_000_000; // a whole second

/** A clock the test moves; a sleep stays pending until the test ends it. */
class HeldClock implements Clock {
  nowMs = T0;
  sleeps: number[] = [];
  now(): number {
    return this.nowMs;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise(() => undefined);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Starts `n` acquires at once; `through` counts those that got through (the rest wait). */
async function start(governor: RateLimitGovernor, n: number): Promise<{ through: number }> {
  const count = { through: 0 };
  for (let i = 0; i < n; i++) void governor.acquire('read').then(() => (count.through += 1));
  await settle();
  return count;
}

const admitted = async (governor: RateLimitGovernor, n: number): Promise<number> =>
  (await start(governor, n)).through;

const window = (limit: number, remaining: number, resetAtMs: number) => ({
  limit,
  remaining,
  resetEpochSeconds: resetAtMs / 1000,
});

/** A governor taking `share` of the budget, on a held clock. */
function heldGovernor(share = 1) {
  const clock = new HeldClock();
  return { clock, governor: new RateLimitGovernor(share, clock) };
}

/** A governor that has sent one request and had `answer` back. */
async function answeredOnce(answer: ReturnType<typeof window>, share = 1) {
  const held = heldGovernor(share);
  await held.governor.acquire('read');
  held.governor.release('read', answer);
  return held;
}

describe('RateLimitGovernor with requests in flight', () => {
  it('sends one request at a time until an answer tells the budget', async () => {
    const { governor } = heldGovernor();
    const first = await start(governor, 3);
    expect(first.through).toBe(1);
    governor.release('read', window(10, 9, T0 + 60_000));
    await settle();
    // The two waiting requests go out now that 9 are known to remain, and 7 more may follow.
    expect(first.through).toBe(3);
    expect(await admitted(governor, 8)).toBe(7);
  });

  it('counts the requests in flight against its share, and frees one slot per answer', async () => {
    const { clock, governor } = await answeredOnce(window(10, 9, T0 + 60_000), 0.5);
    // A share of 0.5 of 10 is 5 requests; 1 is spent, so 4 may be in flight at once.
    expect(await admitted(governor, 6)).toBe(4);
    expect(clock.sleeps).toEqual([60_250, 60_250]);
    // An answer lost on the way (no headers) frees its slot: one more goes out.
    governor.release('read', undefined);
    const more = await admitted(governor, 2);
    expect(more).toBe(1);
  });

  it('within one window keeps the lowest remaining count, whatever order answers arrive in', async () => {
    const { governor } = await answeredOnce(window(10, 9, T0 + 60_000));
    expect(await admitted(governor, 2)).toBe(2);
    governor.release('read', window(10, 5, T0 + 60_000));
    governor.release('read', window(10, 7, T0 + 60_400)); // sent earlier, answered later
    expect(await admitted(governor, 10)).toBe(5);
  });

  it('takes the remaining count of a new window as it is, even when higher', async () => {
    const { clock, governor } = await answeredOnce(window(10, 1, T0 + 1_000));
    await governor.acquire('read');
    clock.nowMs = T0 + 1_300;
    governor.release('read', window(10, 8, T0 + 61_000));
    expect(await admitted(governor, 10)).toBe(8);
  });

  it('once the window is over (reset second plus 250 ms), sends the whole budget at once', async () => {
    const { clock, governor } = await answeredOnce(window(4, 0, T0 + 2_000));
    clock.nowMs = T0 + 2_250;
    expect(await admitted(governor, 6)).toBe(4);
  });
});

describe('RateLimitGovernor timing', () => {
  it('waits X-RateLimit-Reset plus a margin and up to half a second of jitter after a 429', async () => {
    for (const [random, expected] of [
      [0, 20_250],
      [1, 20_750],
    ]) {
      jest.spyOn(Math, 'random').mockReturnValue(random);
      const { clock, governor } = heldGovernor();
      void governor.backOffAfter429('read', window(600, 0, T0 + 20_000));
      expect(clock.sleeps).toEqual([expected]);
      expect(governor.stats).toEqual({ waits: 1, waitedMs: expected, rateLimited: 1 });
      jest.restoreAllMocks();
    }
  });

  /** Spends a window of `limit` whose first answer came back at `firstAnswerMs`, then asks once more. */
  async function pauseAfterWindow(
    firstSentMs: number,
    firstAnswerMs: number,
    laterAnswerMs?: number,
  ) {
    const { clock, governor } = heldGovernor();
    const resetAtMs = T0 + 5_000;
    clock.nowMs = firstSentMs;
    await governor.acquire('read');
    clock.nowMs = firstAnswerMs;
    governor.release('read', window(3, 2, resetAtMs), {
      sentAtMs: firstSentMs,
      receivedAtMs: firstAnswerMs,
    });
    await governor.acquire('read');
    if (laterAnswerMs !== undefined) clock.nowMs = laterAnswerMs;
    governor.release('read', window(3, 1, resetAtMs), {
      sentAtMs: clock.nowMs - 10,
      receivedAtMs: clock.nowMs,
    });
    await governor.acquire('read');
    governor.release('read', window(3, 0, resetAtMs), {
      sentAtMs: clock.nowMs,
      receivedAtMs: clock.nowMs,
    });
    void governor.acquire('read');
    return { resetAtMs, pausedUntil: clock.nowMs + clock.sleeps[0] };
  }

  it("expects the next window at the first answer's point within its second, plus 50 ms", async () => {
    const { resetAtMs, pausedUntil } = await pauseAfterWindow(T0 + 290, T0 + 300);
    // The window began about 0.3 s into a second: it ends 0.3 s into the reset's second less one.
    expect(pausedUntil).toBe(resetAtMs - 1000 + 300 + 50);
  });

  it('learns that point from the first answer of a window only', async () => {
    const { resetAtMs, pausedUntil } = await pauseAfterWindow(T0 + 290, T0 + 300, T0 + 1_800);
    expect(pausedUntil).toBe(resetAtMs - 1000 + 300 + 50);
  });

  it('never expects a window later than the reset second plus 250 ms', async () => {
    const { resetAtMs, pausedUntil } = await pauseAfterWindow(T0 + 890, T0 + 900);
    expect(pausedUntil).toBe(resetAtMs - 1000 + 900 + 50);
    const late = await pauseAfterWindow(T0 + 940, T0 + 990);
    expect(late.pausedUntil).toBe(late.resetAtMs + 40);
  });

  it('learns no point from a first answer that crossed a second', async () => {
    const { resetAtMs, pausedUntil } = await pauseAfterWindow(T0 + 950, T0 + 1_050);
    expect(pausedUntil).toBe(resetAtMs + 250);
  });

  it('lets one request ahead of the reset second go out, and holds the rest for its answer', async () => {
    const { clock, governor } = heldGovernor();
    const resetAtMs = T0 + 5_000;
    clock.nowMs = T0 + 290;
    await governor.acquire('read');
    clock.nowMs = T0 + 300;
    governor.release('read', window(2, 1, resetAtMs), {
      sentAtMs: T0 + 290,
      receivedAtMs: T0 + 300,
    });
    await governor.acquire('read');
    governor.release('read', window(2, 0, resetAtMs), {
      sentAtMs: T0 + 300,
      receivedAtMs: T0 + 300,
    });
    clock.nowMs = resetAtMs - 1000 + 350; // the guessed end of the window, before the reset second
    const held = await start(governor, 3);
    expect(held.through).toBe(1);
    clock.nowMs += 20;
    governor.release('read', window(2, 1, T0 + 9_000), {
      sentAtMs: clock.nowMs - 20,
      receivedAtMs: clock.nowMs,
    });
    await settle();
    // Its answer opened a window of 2 with 1 left: one of the two held requests goes.
    expect(held.through).toBe(2);
  });
});

describe('parseRateLimitHeaders', () => {
  it('ignores headers it cannot read whole', () => {
    const full = {
      'x-ratelimit-limit': '150',
      'x-ratelimit-remaining': '142',
      'x-ratelimit-reset': '1605484860',
    };
    expect(parseRateLimitHeaders({ ...full, 'x-ratelimit-remaining': 'many' })).toBeUndefined();
    expect(parseRateLimitHeaders({ ...full, 'x-ratelimit-reset': undefined })).toBeUndefined();
    expect(parseRateLimitHeaders({ ...full, 'x-ratelimit-limit': undefined })).toBeUndefined();
  });
});

describe('RateLimitGovernor and a reset already past by our clock', () => {
  it('sends one request at a time to learn the new window, rather than the whole budget', async () => {
    // Our clock runs ahead of Backlog's: the answer's reset second has passed here, not there.
    const { clock, governor } = heldGovernor();
    await governor.acquire('read');
    clock.nowMs = T0 + 2_100;
    governor.release('read', window(10, 0, T0 + 2_000));
    expect(await admitted(governor, 3)).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });
});
