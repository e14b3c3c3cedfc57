export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  max429Waits: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 6,
  // Tests shorten the backoff so fault scenarios take seconds, not minutes.
  baseDelayMs: Number(process.env.SOURCE_BACKLOG_RETRY_BASE_MS ?? 1000),
  maxDelayMs: 60_000,
  max429Waits: 20,
};

/** Exponential backoff with jitter in [50%, 100%], so parallel workers do not retry in lockstep. */
export function backoffDelay(policy: RetryPolicy, failures: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  return Math.round(exponential * (0.5 + Math.random() * 0.5));
}
