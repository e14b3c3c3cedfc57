import type { FakeBacklog } from './fake-backlog';
import {
  configuredCatalog,
  finalState,
  idsOf,
  protocolProblems,
  recordsOf,
  type RunResult,
  sortedIds,
} from './support/connector';
import { readSync, startFakeSpace, withFakeSpace } from './support/fake-space';
import { afterStates, committedRecords, requestsPerStream } from './support/run-output';
import { DEFAULT_LOOKBACK_MS, newestUpdatedMs } from './support/lookback';

const STREAMS = ['pull_requests', 'pull_request_comments'];
const DAY_MS = 24 * 60 * 60 * 1000;

function warnings(result: RunResult): string[] {
  return result.messages
    .filter((m) => m.type === 'LOG' && m.log?.level === 'WARN')
    .map((m) => m.log!.message);
}

/** Every id in `changed` returned once; any other row returned lies at or after `windowStartMs`. */
function expectChangesPlusWindow(
  records: Array<Record<string, unknown>>,
  rows: Array<{ id: number; updated: string }>,
  changed: number[],
  windowStartMs: number,
) {
  const returned = idsOf(records);
  expect(returned).toEqual([...new Set(returned)]);
  expect(changed.filter((id) => !returned.includes(id))).toEqual([]);
  const outside = rows.filter(
    (row) =>
      returned.includes(row.id) &&
      !changed.includes(row.id) &&
      Date.parse(row.updated) < windowStartMs,
  );
  expect(outside).toEqual([]);
}

function changedSince(rows: Array<{ id: number; updated: string }>, sinceMs: number): number[] {
  return sortedIds(rows.filter((row) => Date.parse(row.updated) >= sinceMs).map((row) => row.id));
}

describe('pull requests between full scans follow the activity feed', () => {
  let server: FakeBacklog;
  let now = new Date('2025-07-01T00:00:00Z');
  const tick = (ms: number) => (now = new Date(now.getTime() + ms));
  let catalog: Awaited<ReturnType<typeof configuredCatalog>>;
  let state: unknown[] = [];

  async function sync(overrides: Record<string, unknown> = {}): Promise<RunResult> {
    const result = await readSync(server, catalog, { config: overrides, state });
    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    state = finalState(result, state);
    return result;
  }

  beforeAll(async () => {
    server = await startFakeSpace({
      projects: 2,
      issues: 10,
      repositoriesPerProject: 2,
      pullRequestsPerRepository: 120,
      commentsPerPullRequest: 1,
      now: () => now,
    });
    catalog = await configuredCatalog(server.url, STREAMS);
    const first = await sync();
    expect(recordsOf(first, 'pull_requests')).toHaveLength(server.store.pullRequests.length);
  });
  afterAll(() => server.stop());

  it('reads only the pull requests the feed reports, one request each', async () => {
    const { store } = server;
    tick(60_000);
    const changedAt = now.getTime();
    const [updated, commented, merged] = [
      // One linked to an issue: GET …/pullRequests/:number embeds the whole issue.
      store.pullRequests.find((pr, i) => pr.issue !== null && i > 10)!,
      store.pullRequests[200],
      store.pullRequests[7],
    ];
    store.updatePullRequest(updated.projectId, updated.repositoryId, updated.number, {
      summary: 'Retitled',
    });
    store.addPullRequestComment(
      commented.projectId,
      commented.repositoryId,
      commented.number,
      'LGTM',
    );
    store.updatePullRequest(merged.projectId, merged.repositoryId, merged.number, {
      status: { id: 3, name: 'Merged' },
    });
    const added = store.addPullRequest(updated.projectId, updated.repositoryId, { summary: 'New' });
    tick(60_000);

    const second = await sync();
    const expected = sortedIds([updated.id, commented.id, merged.id, added.id]);
    expect(sortedIds(idsOf(recordsOf(second, 'pull_requests')))).toEqual(expected);
    expect(changedSince(store.pullRequests, changedAt)).toEqual(expected);
    expect(sortedIds(idsOf(recordsOf(second, 'pull_request_comments')))).toEqual(
      changedSince(store.pullRequestComments, changedAt),
    );
    const byId = new Map(recordsOf(second, 'pull_requests').map((pr) => [pr.id, pr]));
    expect(byId.get(updated.id)).toMatchObject({
      summary: 'Retitled',
      projectId: updated.projectId,
    });
    // …but the record keeps the list's `{id}`, so the column keeps one shape.
    expect(byId.get(updated.id)!.issue).toEqual({ id: updated.issue!.id });
    expect(byId.get(merged.id)).toMatchObject({ mergeAt: merged.mergeAt });
    // The project list (the first stream pays it), whether the feed still reaches back, one
    // feed page, one read per changed pull request; a full scan would read 2 repository lists
    // and 8 pages of pull requests before any comment.
    expect(requestsPerStream(second)).toMatchObject({
      pull_requests: '7 requests (read 7)',
      pull_request_comments: '6 requests (read 6)',
    });

    const third = await sync();
    expect(recordsOf(third, 'pull_requests')).toEqual([]);
    expect(recordsOf(third, 'pull_request_comments')).toEqual([]);
  });

  it('a comment edit the feed does not log arrives with the next full scan', async () => {
    const { store } = server;
    tick(60_000);
    const pullRequest = store.pullRequests[42];
    const comment = store.pullRequestCommentsOf(pullRequest.id)[0];
    store.editPullRequestComment(comment.id, 'Edited without an activity');
    tick(60_000);

    const betweenScans = await sync();
    expect(recordsOf(betweenScans, 'pull_request_comments')).toEqual([]);

    tick(7 * DAY_MS);
    const scan = await sync();
    expect(idsOf(recordsOf(scan, 'pull_requests'))).toContain(pullRequest.id);
    const comments = recordsOf(scan, 'pull_request_comments');
    expect(comments.find((c) => c.id === comment.id)).toMatchObject({
      content: 'Edited without an activity',
    });
    expect(requestsPerStream(scan).pull_requests).toMatch(/^1[0-9] requests/);

    const after = await sync();
    expect(recordsOf(after, 'pull_requests')).toEqual([]);
    expect(recordsOf(after, 'pull_request_comments')).toEqual([]);
  });

  it('scans in full, with a warning, when the feed no longer reaches back to the last sync', async () => {
    const { store } = server;
    tick(60_000);
    // The last full scan's cursor: the newest pull request then.
    const windowStart = newestUpdatedMs(store.pullRequests) - DEFAULT_LOOKBACK_MS;
    const pullRequest = store.pullRequests[100];
    store.updatePullRequest(pullRequest.projectId, pullRequest.repositoryId, pullRequest.number, {
      summary: 'Changed, and its activity expired',
    });
    const expiredUpTo = Math.max(...store.activities.map((activity) => activity.id));
    const later = store.pullRequests[101];
    store.addPullRequestComment(later.projectId, later.repositoryId, later.number, 'Kept');
    // Backlog's retention is undocumented: here every activity up to the first change is gone.
    const kept = store.activities.filter((activity) => activity.id > expiredUpTo);
    store.activities.splice(0, store.activities.length, ...kept);
    expect(kept).toHaveLength(1);
    tick(60_000);

    const result = await sync();
    expectChangesPlusWindow(
      recordsOf(result, 'pull_requests'),
      store.pullRequests,
      [pullRequest.id, later.id],
      windowStart,
    );
    expect(warnings(result)).toEqual([
      expect.stringContaining('Stream "pull_requests": the activity feed no longer reaches back'),
      expect.stringContaining(
        'Stream "pull_request_comments": the activity feed no longer reaches back',
      ),
    ]);
  });

  it('with full_scan_days 0 every sync scans in full', async () => {
    tick(60_000);
    const { pullRequests } = server.store;
    const windowStart = newestUpdatedMs(pullRequests) - DEFAULT_LOOKBACK_MS;
    const result = await sync({ full_scan_days: 0 });
    expectChangesPlusWindow(recordsOf(result, 'pull_requests'), pullRequests, [], windowStart);
    expect(requestsPerStream(result).pull_requests).toMatch(/^1[0-9] requests/);
  });

  it('leaves out projects outside project_keys', async () => {
    const { store } = server;
    tick(60_000);
    const [inScope, outOfScope] = ['PRJ1', 'PRJ2'].map(
      (key) => store.projects.find((p) => p.projectKey === key)!.id,
    );
    for (const projectId of [inScope, outOfScope]) {
      const pr = store.pullRequests.find((p) => p.projectId === projectId)!;
      store.addPullRequestComment(pr.projectId, pr.repositoryId, pr.number, 'Scoped?');
    }
    tick(60_000);
    const asked = server.requests.length;
    const result = await sync({ project_keys: ['PRJ1'] });
    expect(recordsOf(result, 'pull_requests').map((pr) => pr.projectId)).toEqual([inScope]);
    const outside = server.requests
      .slice(asked)
      .filter((r) => r.path.includes(`/projects/${outOfScope}/`));
    expect(outside).toEqual([]);
  });
});

describe('a full scan of pull requests killed with SIGKILL', () => {
  it('resumes after the repositories it finished: nothing lost, little read again', async () => {
    await withFakeSpace(
      {
        projects: 3,
        issues: 10,
        // 1,200 comments: a checkpoint falls due after 1,000 records (at a repository's end).
        repositoriesPerProject: 4,
        pullRequestsPerRepository: 50,
        commentsPerPullRequest: 2,
      },
      async (server) => {
        const catalog = await configuredCatalog(server.url, ['pull_request_comments']);
        // The checkpoint comes at the end of the 10th repository; the comments of the 12th wait
        // until the kill, so it lands mid-scan however slowly this test reads the output.
        let commentReads = 0;
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => (release = resolve));
        server.onRequest(async (request) => {
          if (!/\/pullRequests\/\d+\/comments$/.test(request.path)) return;
          commentReads += 1;
          if (commentReads > 11 * 50) await held;
        });
        const killed = await readSync(
          server,
          catalog,
          {},
          { killWhen: afterStates('pull_request_comments', 1) },
        );
        server.clearHooks();
        release();
        expect(killed.signal).toBe('SIGKILL');
        const first = committedRecords(killed, 'pull_request_comments');
        const { pullRequestComments } = server.store;
        expect(first.length).toBeGreaterThan(0);
        expect(first.length).toBeLessThan(pullRequestComments.length);

        const asked = server.requests.length;
        const resumed = await readSync(server, catalog, { state: finalState(killed) });
        expect(resumed.exitCode).toBe(0);
        const second = recordsOf(resumed, 'pull_request_comments');
        expect(sortedIds(new Set([...idsOf(first), ...idsOf(second)]))).toEqual(
          sortedIds(pullRequestComments.map((c) => c.id)),
        );
        // Only the pull requests of repositories the killed scan had not finished are read again.
        const [saved] = finalState(killed) as Array<{
          stream: { stream_state: { scan_in_progress: { finished_parent_ids: number[] } } };
        }>;
        const finished = new Set(saved.stream.stream_state.scan_in_progress.finished_parent_ids);
        expect(finished.size).toBeGreaterThan(0);
        expect(finished.size).toBeLessThan(server.store.repositories.length);
        const commentsReadAgain = server.requests
          .slice(asked)
          .filter((r) => r.path.endsWith('/comments')).length;
        const unfinished = server.store.pullRequests.filter((pr) => !finished.has(pr.repositoryId));
        expect(commentsReadAgain).toBe(unfinished.length);

        const next = await readSync(server, catalog, {
          state: finalState(resumed, finalState(killed)),
        });
        expect(recordsOf(next, 'pull_request_comments')).toEqual([]);
      },
    );
  });
});
