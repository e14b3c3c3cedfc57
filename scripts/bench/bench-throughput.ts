/**
 * 4. Throughput and memory: no latency, budgets out of the way, a full refresh of issues +
 * issue_comments (one comment per issue) at two sizes. Records per second, and the connector's
 * peak RSS from its own summary line: memory should not grow with the size of the space.
 * The fake server runs in this process, so the same run also says how busy it was: when its
 * event loop is saturated, the figures measure the fake as much as the connector.
 */
import { FakeBacklog } from '../../integration_tests/fake-backlog';
import { configFor, configuredCatalog } from '../../integration_tests/support/connector';
import { UNLIMITED_RATE_LIMITS, checkCounts, scaled, type Benchmark } from './common';
import { assertSucceeded, runRead, type ConnectorRun } from './connector';
import { fixed, int, say, seconds, table } from './format';
import { measureLoad, startProfile, type ProcessLoad, type ProfileShare } from './profile';

const STREAMS = ['issues', 'issue_comments'];
const RSS_RATIO_GOAL = 1.2;
/** The fake's event loop busier than this means the server, not the connector, sets the pace. */
const SATURATED = 0.85;
/** Keep the fake's request log short: 200,000 entries with headers would weigh on this process. */
const LOG_TRIM_AT = 10_000;

interface SizeResult {
  issues: number;
  records: number;
  run: ConnectorRun;
  load: ProcessLoad;
  requests: Record<string, number>;
  fakeStartMs: number;
  profile?: ProfileShare[];
}

export const throughputBenchmark: Benchmark = {
  name: 'throughput',
  title: '4. Throughput and memory: full refresh at zero latency, two sizes',
  async run(settings) {
    const sizes = [scaled(settings, 25_000), scaled(settings, 100_000)];
    const results: SizeResult[] = [];
    for (const size of sizes) results.push(await measure(size, false));

    table([
      [
        'issues',
        'records',
        'wall',
        'records/s',
        'requests',
        'connector peak RSS',
        'connector CPU',
        'fake loop busy',
        'fake CPU',
      ],
      ...results.map((r) => [
        int(r.issues),
        int(r.records),
        seconds(r.run.wallMs),
        int(r.records / (r.run.wallMs / 1000)),
        Object.entries(r.requests)
          .map(([bucket, count]) => `${bucket} ${count}`)
          .join(', '),
        `${r.run.summary?.peakMemoryMb ?? 'n/a'} MB`,
        r.run.cpuMs === undefined
          ? 'n/a'
          : `${seconds(r.run.cpuMs)} (${int((100 * r.run.cpuMs) / r.run.wallMs)}%)`,
        `${int(100 * r.load.eventLoopUtilization)}%`,
        `${seconds(r.load.cpuMs)} (${int((100 * r.load.cpuMs) / r.run.wallMs)}%)`,
      ]),
    ]);
    say(
      '(peak RSS: the connector\'s "peak memory" summary figure; connector CPU: user+system of the child from /proc, % of one core; fake: this process, which also counts the stdout lines.)',
    );
    for (const r of results) {
      say(
        `  ${int(r.issues)} issues: fake generated in ${seconds(r.fakeStartMs)}; ${r.run.summary?.text ?? '(no summary line)'}`,
      );
    }

    const [small, large] = results;
    const smallRss = small.run.summary?.peakMemoryMb ?? NaN;
    const largeRss = large.run.summary?.peakMemoryMb ?? NaN;
    const rssRatio = largeRss / smallRss;
    say();
    say(
      `Peak RSS ${int(large.issues)}/${int(small.issues)} issues: ${fixed(rssRatio)} (goal ≤ ${RSS_RATIO_GOAL}).`,
    );

    // Who sets the pace: a profile of the fake during one more run of the small size.
    say();
    say(
      `Profile of this process (the fake server) during an extra, unmeasured run of ${int(small.issues)} issues:`,
    );
    const profiled = await measure(small.issues, true);
    table([
      ['where the fake process spent the run', 'time', 'share'],
      ...(profiled.profile ?? []).map((p) => [p.category, seconds(p.ms), `${int(100 * p.share)}%`]),
    ]);
    const saturated = results.filter((r) => r.load.eventLoopUtilization >= SATURATED);
    const verdict =
      saturated.length > 0
        ? `The fake server is the bottleneck: its event loop was busy ${saturated.map((r) => `${int(100 * r.load.eventLoopUtilization)}%`).join(' and ')} of the run, so records/s measure the fake as much as the connector (whose CPU is shown above).`
        : `The fake server is not saturated (event loop busy ${results.map((r) => `${int(100 * r.load.eventLoopUtilization)}%`).join(' / ')}); records/s are the connector's.`;
    say(verdict);
    for (const r of results) {
      const cpuShare = r.run.cpuMs === undefined ? NaN : r.run.cpuMs / r.run.wallMs;
      if (cpuShare >= SATURATED) {
        say(
          `  ${int(r.issues)} issues: the connector used ${int(100 * cpuShare)}% of a core: it is CPU-bound (single-threaded Node).`,
        );
      }
      if ((r.run.summary?.rateLimitWaits ?? 0) > 0) {
        say(
          `  ${int(r.issues)} issues: the connector waited for its budget ${r.run.summary?.rateLimitWaits} times: the budgets were not out of the way.`,
        );
      }
    }

    return [
      {
        benchmark: 'throughput',
        metric: `records/s (${int(small.issues)} / ${int(large.issues)} issues)`,
        value: `${int(small.records / (small.run.wallMs / 1000))} / ${int(large.records / (large.run.wallMs / 1000))}${saturated.length > 0 ? ' (fake-bound)' : ''}`,
        goal: '(reported)',
      },
      {
        benchmark: 'throughput',
        metric: `peak RSS ${int(large.issues)}/${int(small.issues)} issues`,
        value: `${fixed(rssRatio)} (${largeRss} MB / ${smallRss} MB)`,
        goal: `≤ ${RSS_RATIO_GOAL}`,
        pass: rssRatio <= RSS_RATIO_GOAL,
      },
    ];
  },
};

async function measure(size: number, profile: boolean): Promise<SizeResult> {
  const startedAt = performance.now();
  const fake = await FakeBacklog.start({
    issues: size,
    commentsPerIssue: 1,
    rateLimit: UNLIMITED_RATE_LIMITS,
  });
  const fakeStartMs = performance.now() - startedAt;
  try {
    const expected = {
      issues: fake.store.issues.length,
      issue_comments: fake.store.comments.length,
    };
    const catalog = await configuredCatalog(fake.url, STREAMS, 'full_refresh');
    const requests: Record<string, number> = {};
    fake.resetRequestLog();
    fake.onRequest((request) => {
      requests[request.bucket] = (requests[request.bucket] ?? 0) + 1;
      if (fake.requests.length >= LOG_TRIM_AT) fake.resetRequestLog();
    });
    const profiler = profile ? await startProfile() : undefined;
    const load = measureLoad();
    const run = await runRead({ config: configFor(fake.url), catalog });
    const loadFigures = load.stop();
    const shares = await profiler?.stop();
    assertSucceeded(run, `full refresh of ${size} issues`);
    checkCounts('connector', run.records, expected);
    return {
      issues: size,
      records: [...run.records.values()].reduce((sum, count) => sum + count, 0),
      run,
      load: loadFigures,
      requests,
      fakeStartMs,
      profile: shares,
    };
  } finally {
    await fake.stop();
  }
}
