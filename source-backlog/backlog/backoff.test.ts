import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';

const policy: RetryPolicy = {
  maxRetries: 6,
  baseDelayMs: 1000,
  maxDelayMs: 10_000,
  max429Waits: 20,
};

describe('backoffDelay', () => {
  afterEach(() => jest.restoreAllMocks());

  it('doubles from the base delay per failure, up to the cap, with no jitter at the top', () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    expect([1, 2, 3, 4, 5, 6].map((failures) => backoffDelay(policy, failures))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('jitters down to half the delay, never below', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffDelay(policy, 3)).toBe(2000);
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(backoffDelay(policy, 3)).toBe(3000);
  });

  it('waits a second first by default', () => {
    // The test environment may shorten it (SOURCE_BACKLOG_RETRY_BASE_MS); unset, it is 1000.
    const expected = Number(process.env.SOURCE_BACKLOG_RETRY_BASE_MS ?? 1000);
    expect(DEFAULT_RETRY_POLICY.baseDelayMs).toBe(expected);
    expect(Number.isFinite(DEFAULT_RETRY_POLICY.baseDelayMs)).toBe(true);
  });
});
