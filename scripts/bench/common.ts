/** What every benchmark shares: its settings, its goal results, the fake server's request log. */
import type { FakeBacklog } from '../../integration_tests/fake-backlog';

/**
 * Budgets out of the way. The tests' GENEROUS_RATE_LIMITS (read 100,000 per minute) are not:
 * at the default rate_limit_share 0.5 the connector allows itself 50,000 reads a minute and a
 * 100,000-issue sync would wait for the window. These are 100× that.
 */
export const UNLIMITED_RATE_LIMITS = { limits: { read: 10_000_000, search: 1_000_000 } };

export interface BenchSettings {
  /** BENCH_QUICK=1: sizes ÷10 for a smoke run; figures are then not comparable to the goals. */
  quick: boolean;
}

export interface GoalResult {
  benchmark: string;
  metric: string;
  value: string;
  goal: string;
  /** undefined: figure reported without a goal. */
  pass?: boolean;
}

export interface Benchmark {
  name: string;
  title: string;
  run(settings: BenchSettings): Promise<GoalResult[]>;
}

/** Sizes shrink ×10 in quick mode. */
export function scaled(settings: BenchSettings, size: number): number {
  return settings.quick ? Math.max(1, Math.round(size / 10)) : size;
}

export interface BucketCounts {
  total: number;
  byBucket: Record<string, number>;
  byStatus: Record<number, number>;
}

/** Request counts of the fake's log, by rate-limit bucket and by status. */
export function countRequests(fake: FakeBacklog): BucketCounts {
  const counts: BucketCounts = { total: 0, byBucket: {}, byStatus: {} };
  for (const request of fake.requests) {
    counts.total += 1;
    counts.byBucket[request.bucket] = (counts.byBucket[request.bucket] ?? 0) + 1;
    counts.byStatus[request.status] = (counts.byStatus[request.status] ?? 0) + 1;
  }
  return counts;
}

export function describeBuckets(counts: BucketCounts): string {
  const parts = Object.entries(counts.byBucket)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([bucket, count]) => `${bucket} ${count}`);
  return parts.join(', ') || 'none';
}

/** The records a full read must return, checked against what a run printed. */
export function checkCounts(
  what: string,
  got: Map<string, number>,
  expected: Record<string, number>,
): void {
  for (const [stream, count] of Object.entries(expected)) {
    if ((got.get(stream) ?? 0) !== count) {
      throw new Error(`${what}: ${got.get(stream) ?? 0} ${stream} records, expected ${count}`);
    }
  }
}
