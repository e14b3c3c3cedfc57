/**
 * 3. Incremental: the cost of the sync after 50 changes should follow the changes, not the size
 * of the space. Two spaces (2,500 and 25,000 issues, one comment each): a first incremental
 * sync, a sync with no change in between (what the lookback window re-emits), 50 changes through
 * the fake's store, and a second sync measured by the fake's request log.
 */
import { FakeBacklog } from '../../integration_tests/fake-backlog';
import { configFor, configuredCatalog } from '../../integration_tests/support/connector';
import {
  UNLIMITED_RATE_LIMITS,
  countRequests,
  scaled,
  type Benchmark,
  type BucketCounts,
} from './common';
import { assertSucceeded, runRead, stateArray } from './connector';
import { fixed, int, say, seconds, table } from './format';

const STREAMS = ['issues', 'issue_comments'];
const REQUEST_RATIO_GOAL = 1.2;

interface SizeResult {
  issues: number;
  firstMs: number;
  firstRequests: number;
  unchanged: { requests: number; issues: number; comments: number };
  secondMs: number;
  second: BucketCounts;
  returnedIssues: number;
  returnedComments: number;
  /** Records of the second sync that no change explains: the lookback window's re-reads. */
  reEmitted: number;
  checks: string[];
}

export const incrementalBenchmark: Benchmark = {
  name: 'incremental',
  title: '3. Incremental: the sync after 50 changes, in a small and a 10× larger space',
  async run(settings) {
    const sizes = [scaled(settings, 2500), scaled(settings, 25_000)];
    const results: SizeResult[] = [];
    for (const size of sizes) results.push(await measure(size));

    table([
      [
        'issues',
        'first sync',
        'first requests',
        'no-change requests',
        'no-change records',
        'second sync',
        'second requests',
        'search',
        'read',
        'issues back',
        'comments back',
        're-emitted',
        'check',
      ],
      ...results.map((r) => [
        int(r.issues),
        seconds(r.firstMs),
        int(r.firstRequests),
        int(r.unchanged.requests),
        `${int(r.unchanged.issues)} + ${int(r.unchanged.comments)}`,
        seconds(r.secondMs),
        int(r.second.total),
        int(r.second.byBucket.search ?? 0),
        int(r.second.byBucket.read ?? 0),
        int(r.returnedIssues),
        int(r.returnedComments),
        int(r.reEmitted),
        r.checks.length === 0 ? 'complete' : 'MISMATCH',
      ]),
    ]);
    for (const r of results) for (const problem of r.checks) say(`  ${int(r.issues)}: ${problem}`);
    const [small, large] = results;
    const requestRatio = large.second.total / small.second.total;
    const wallRatio = large.secondMs / small.secondMs;
    say();
    say(
      `Second sync, large/small: requests ${fixed(requestRatio)} (goal ≤ ${REQUEST_RATIO_GOAL}), wall time ${fixed(wallRatio)} (no goal; a sync this small is mostly process start).`,
    );
    const exact = results.every((r) => r.checks.length === 0);
    return [
      {
        benchmark: 'incremental',
        metric: `2nd-sync requests large/small (${int(large.issues)} vs ${int(small.issues)} issues)`,
        value: `${fixed(requestRatio)} (${large.second.total} / ${small.second.total})`,
        goal: `≤ ${REQUEST_RATIO_GOAL}`,
        pass: requestRatio <= REQUEST_RATIO_GOAL,
      },
      {
        benchmark: 'incremental',
        metric: '2nd-sync wall time large/small',
        value: `${fixed(wallRatio)} (${seconds(large.secondMs)} / ${seconds(small.secondMs)})`,
        goal: '(reported)',
      },
      {
        benchmark: 'incremental',
        metric: `no-change sync: requests, records re-emitted (issues + comments)`,
        value: results
          .map(
            (r) =>
              `${int(r.issues)}: ${r.unchanged.requests}, ${r.unchanged.issues} + ${r.unchanged.comments}`,
          )
          .join('; '),
        goal: '(reported)',
      },
      {
        benchmark: 'incremental',
        metric: '2nd sync returns every change, each once',
        value: exact ? 'yes, both sizes' : 'NO (see above)',
        goal: 'complete',
        pass: exact,
      },
    ];
  },
};

async function measure(size: number): Promise<SizeResult> {
  const fake = await FakeBacklog.start({
    issues: size,
    commentsPerIssue: 1,
    rateLimit: UNLIMITED_RATE_LIMITS,
  });
  try {
    const catalog = await configuredCatalog(fake.url, STREAMS, 'incremental');
    const config = configFor(fake.url);
    fake.resetRequestLog();
    const first = await runRead({ config, catalog });
    assertSucceeded(first, `first sync of ${size} issues`);
    const firstRequests = fake.requests.length;

    fake.resetRequestLog();
    const unchanged = await runRead({
      config,
      catalog,
      state: stateArray(first),
      parseStreams: STREAMS,
    });
    assertSucceeded(unchanged, `no-change sync of ${size} issues`);
    const unchangedRequests = fake.requests.length;

    const { issueIds, commentIds } = makeFiftyChanges(fake);

    fake.resetRequestLog();
    const second = await runRead({
      config,
      catalog,
      state: stateArray(unchanged),
      parseStreams: STREAMS,
    });
    assertSucceeded(second, `second sync of ${size} issues`);
    const counts = countRequests(fake);
    const returnedIssues = second.parsedRecords.get('issues') ?? [];
    const returnedComments = second.parsedRecords.get('issue_comments') ?? [];
    const issuesCheck = compareIds('issues', issueIds, returnedIssues);
    const commentsCheck = compareIds('issue_comments', commentIds, returnedComments);
    const checks = [...issuesCheck.problems, ...commentsCheck.problems];
    say(
      `  ${int(size)} issues: first sync ${seconds(first.wallMs)} (${firstRequests} requests), second sync ${seconds(second.wallMs)}: ${second.summary?.text ?? '(no summary line)'}`,
    );
    return {
      issues: size,
      firstMs: first.wallMs,
      firstRequests,
      unchanged: {
        requests: unchangedRequests,
        issues: unchanged.parsedRecords.get('issues')?.length ?? 0,
        comments: unchanged.parsedRecords.get('issue_comments')?.length ?? 0,
      },
      secondMs: second.wallMs,
      second: counts,
      returnedIssues: returnedIssues.length,
      returnedComments: returnedComments.length,
      reEmitted: issuesCheck.extra + commentsCheck.extra,
      checks,
    };
  } finally {
    await fake.stop();
  }
}

/**
 * Exactly 50 changes, spread over the space like incremental.test.ts makes them: 20 issue
 * updates (each writes a change-log comment), 10 new comments and 10 comment edits on otherwise
 * untouched issues, 10 new issues. Returns the ids the next sync must return.
 */
function makeFiftyChanges(fake: FakeBacklog): { issueIds: Set<number>; commentIds: Set<number> } {
  const { store } = fake;
  const n = store.issues.length;
  const at = (fraction: number, step: number, i: number) =>
    store.issues[Math.floor(n * fraction) + i * step];
  const commentsBefore = store.comments.length;
  const issueIds = new Set<number>();
  const edited = new Set<number>();
  const updateStep = Math.max(1, Math.floor(n / 50));
  for (let i = 0; i < 20; i++) issueIds.add(store.updateIssue(at(0, updateStep, i).id).id);
  for (let i = 0; i < 10; i++) {
    const issue = at(0.8, 1, i);
    store.addComment(issue.id, `bench comment ${i}`);
    issueIds.add(issue.id);
  }
  for (let i = 0; i < 10; i++) {
    const issue = at(0.6, 3, i);
    const comment = store.commentsOf(issue.id)[0];
    store.editComment(comment.id, `bench edit ${i}`);
    edited.add(comment.id);
    issueIds.add(issue.id);
  }
  for (let i = 0; i < 10; i++) issueIds.add(store.addIssue('PRJ1', { summary: `bench ${i}` }).id);
  const added = store.comments.slice(commentsBefore).map((comment) => comment.id);
  if (issueIds.size !== 50) throw new Error(`expected 50 changed issues, made ${issueIds.size}`);
  return { issueIds, commentIds: new Set([...added, ...edited]) };
}

/**
 * Every changed record back, each once. Unchanged ones may come back too (the lookback window
 * re-reads what lies just before the cursor): counted, not a problem.
 */
function compareIds(
  stream: string,
  expected: Set<number>,
  records: Array<Record<string, unknown>>,
): { problems: string[]; extra: number } {
  const got = records.map((record) => record.id as number);
  const gotSet = new Set(got);
  const problems: string[] = [];
  const missing = [...expected].filter((id) => !gotSet.has(id));
  const extra = [...gotSet].filter((id) => !expected.has(id));
  if (missing.length > 0) problems.push(`${stream}: ${missing.length} changed not returned`);
  if (got.length !== gotSet.size)
    problems.push(`${stream}: ${got.length - gotSet.size} duplicates`);
  return { problems, extra: extra.length };
}
