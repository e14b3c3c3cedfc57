/**
 * 1. Latency-bound: every request waits 20 ms on the server, budgets are out of the way. Wall
 * time of a full refresh of issues + issue_comments by the connector (default concurrency 4)
 * against a sequential backlog-js exporter, run alternately.
 */
import { join } from 'node:path';
import { FakeBacklog } from '../../integration_tests/fake-backlog';
import { configFor, configuredCatalog } from '../../integration_tests/support/connector';
import { repoRoot } from '../../integration_tests/support/shared';
import { runChild, type ChildResult } from './child';
import {
  UNLIMITED_RATE_LIMITS,
  checkCounts,
  countRequests,
  describeBuckets,
  scaled,
  type Benchmark,
} from './common';
import { assertSucceeded, runRead } from './connector';
import { fixed, int, median, say, seconds, table } from './format';

const STREAMS = ['issues', 'issue_comments'];
const TOKEN = 'bench-exporter-token';
const LATENCY_MS = 20;
const COMMENTS_PER_ISSUE = 3;
const GOAL = 0.5;

interface Run {
  who: 'connector' | 'exporter';
  wallMs: number;
  requests: string;
  cpuMs?: number;
  records: Map<string, number>;
}

export const latencyBenchmark: Benchmark = {
  name: 'latency',
  title: '1. Latency-bound: connector vs sequential backlog-js exporter (20 ms per request)',
  async run(settings) {
    const issues = scaled(settings, 5000);
    const fake = await FakeBacklog.start({
      issues,
      commentsPerIssue: COMMENTS_PER_ISSUE,
      latencyMs: LATENCY_MS,
      rateLimit: UNLIMITED_RATE_LIMITS,
      accessTokens: [TOKEN],
    });
    try {
      const expected = {
        issues: fake.store.issues.length,
        issue_comments: fake.store.comments.length,
      };
      say(
        `Fake Backlog: ${int(expected.issues)} issues, ${int(expected.issue_comments)} comments, ${LATENCY_MS} ms latency per request, generous budgets.`,
      );
      const catalog = await configuredCatalog(fake.url, STREAMS, 'full_refresh');
      const config = configFor(fake.url);
      const runs: Run[] = [];
      for (const who of ['connector', 'exporter', 'connector', 'exporter'] as const) {
        fake.resetRequestLog();
        let result: ChildResult;
        if (who === 'connector') {
          const run = await runRead({ config, catalog });
          assertSucceeded(run, 'connector');
          result = run;
        } else {
          result = await runExporter(fake.url);
        }
        checkCounts(who, result.records, expected);
        const run: Run = {
          who,
          wallMs: result.wallMs,
          requests: `${fake.requests.length} (${describeBuckets(countRequests(fake))})`,
          cpuMs: result.cpuMs,
          records: result.records,
        };
        runs.push(run);
        say(`  run ${runs.length}: ${who} ${seconds(run.wallMs)}, ${run.requests} requests`);
      }

      const medianOf = (who: Run['who']) =>
        median(runs.filter((run) => run.who === who).map((run) => run.wallMs));
      const connector = medianOf('connector');
      const exporter = medianOf('exporter');
      const ratio = connector / exporter;
      say();
      table([
        ['run', 'program', 'wall', 'CPU (child)', 'issues', 'comments', 'requests'],
        ...runs.map((run, i) => [
          String(i + 1),
          run.who,
          seconds(run.wallMs),
          run.cpuMs === undefined ? 'n/a' : seconds(run.cpuMs),
          int(run.records.get('issues') ?? 0),
          int(run.records.get('issue_comments') ?? 0),
          run.requests,
        ]),
      ]);
      say();
      say(
        `Median wall time: connector ${seconds(connector)}, exporter ${seconds(exporter)}; ratio connector/exporter ${fixed(ratio)} (goal ≤ ${GOAL}).`,
      );
      say(
        `Both returned ${int(expected.issues)} issues and ${int(expected.issue_comments)} comments (= the fake's data).`,
      );
      return [
        {
          benchmark: 'latency',
          metric: `wall connector/exporter (${int(issues)} issues, ${LATENCY_MS} ms)`,
          value: `${fixed(ratio)} (${seconds(connector)} / ${seconds(exporter)})`,
          goal: `≤ ${GOAL}`,
          pass: ratio <= GOAL,
        },
      ];
    } finally {
      await fake.stop();
    }
  },
};

async function runExporter(url: string): Promise<ChildResult> {
  const result = await runChild({
    command: process.execPath,
    args: ['--import', 'tsx', join(__dirname, 'exporter.ts'), url, TOKEN],
    cwd: repoRoot(),
    recordPrefix: '{"stream":"',
  });
  if (result.exitCode !== 0)
    throw new Error(`exporter exited ${result.exitCode}: ${result.stderr}`);
  return result;
}
