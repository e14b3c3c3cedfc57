import { FakeBacklog } from './fake-backlog';
import {
  configFor,
  configuredCatalog,
  GENEROUS_RATE_LIMITS,
  finalState,
  protocolProblems,
  recordsOf,
  runConnector,
  type RunResult,
} from './support/connector';
import { afterStates, committedRecords } from './support/run-output';

const STREAMS = ['issues', 'issue_comments'];

function ids(records: Array<{ id?: unknown }>): Set<number> {
  return new Set(records.map((record) => record.id as number));
}

function missing(expected: Array<{ id: number }>, ...got: Array<Set<number>>): number[] {
  return expected.map((row) => row.id).filter((id) => !got.some((set) => set.has(id)));
}

function statesOf(result: RunResult, stream: string): number {
  return result.messages.filter(
    (m) => m.type === 'STATE' && m.state?.stream?.stream_descriptor.name === stream,
  ).length;
}

/** Issues in the lookback window (the config's default 5 minutes) before the newest change. */
function issuesInWindow(server: FakeBacklog): Set<number> {
  const newest = Math.max(...server.store.issues.map((issue) => Date.parse(issue.updated)));
  return ids(server.store.issues.filter((issue) => Date.parse(issue.updated) >= newest - 300_000));
}

function log(message: string): void {
  // eslint-disable-next-line no-console
  console.log(message);
}

describe('a sync killed with SIGKILL resumes from its last checkpoint', () => {
  let server: FakeBacklog;
  let catalog: Awaited<ReturnType<typeof configuredCatalog>>;
  let config: ReturnType<typeof configFor>;

  beforeAll(async () => {
    server = await FakeBacklog.start({ issues: 3000, seed: 11, rateLimit: GENEROUS_RATE_LIMITS });
    catalog = await configuredCatalog(server.url, STREAMS);
    config = configFor(server.url);
  });
  afterAll(() => server.stop());

  it('killed while reading issues: nothing lost, and the second run re-reads little', async () => {
    const { store } = server;
    const started = Date.now();
    const killed = await runConnector(
      'read',
      { config, catalog },
      { killWhen: afterStates('issues', 2) },
    );
    const killedAfter = (Date.now() - started) / 1000;
    expect(killed.signal).toBe('SIGKILL');
    expect(statesOf(killed, 'issues')).toBeGreaterThanOrEqual(2);
    const firstIssues = committedRecords(killed, 'issues');
    expect(firstIssues.length).toBeLessThan(store.issues.length);
    const state = finalState(killed);
    expect(
      state.map(
        (s) =>
          (s as { stream: { stream_descriptor: { name: string } } }).stream.stream_descriptor.name,
      ),
    ).toEqual(['issues']);

    const resumed = await runConnector('read', { config, catalog, state });
    expect(resumed.exitCode).toBe(0);
    expect(await protocolProblems(server.url, resumed, STREAMS)).toEqual([]);
    const secondIssues = recordsOf(resumed, 'issues');
    const comments = recordsOf(resumed, 'issue_comments');

    expect(missing(store.issues, ids(firstIssues), ids(secondIssues))).toEqual([]);
    expect(missing(store.comments, ids(comments))).toEqual([]);
    expect(ids(secondIssues).size).toBe(secondIssues.length);
    expect(secondIssues.length).toBeLessThan(0.7 * store.issues.length);
    log(
      `killed in issues after ${killedAfter.toFixed(1)} s: first run committed ${firstIssues.length} issues (printed ${recordsOf(killed, 'issues').length}); resumed run re-read ${secondIssues.length} of ${store.issues.length} issues (${firstIssues.length + secondIssues.length - store.issues.length} overlap), ${comments.length} comments`,
    );
  });

  it('killed while reading issue_comments: nothing lost, and the second run re-reads little', async () => {
    const { store } = server;
    const killed = await runConnector(
      'read',
      { config, catalog },
      { killWhen: afterStates('issue_comments', 3) },
    );
    expect(killed.signal).toBe('SIGKILL');
    const firstIssues = committedRecords(killed, 'issues');
    const firstComments = committedRecords(killed, 'issue_comments');
    expect(ids(firstIssues).size).toBe(store.issues.length);
    expect(firstComments.length).toBeGreaterThan(0);
    expect(firstComments.length).toBeLessThan(store.comments.length);
    const state = finalState(killed);

    const resumed = await runConnector('read', { config, catalog, state });
    expect(resumed.exitCode).toBe(0);
    expect(await protocolProblems(server.url, resumed, STREAMS)).toEqual([]);
    const secondIssues = recordsOf(resumed, 'issues');
    const secondComments = recordsOf(resumed, 'issue_comments');

    expect(missing(store.comments, ids(firstComments), ids(secondComments))).toEqual([]);
    expect(ids(secondComments).size).toBe(secondComments.length);
    // issues finished in the first run: its final state leaves only the lookback window.
    expect(ids(secondIssues)).toEqual(issuesInWindow(server));
    expect(secondComments.length).toBeLessThan(0.7 * store.comments.length);
    const commentRequests = server.requests.filter((r) => r.path.endsWith('/comments')).length;
    log(
      `killed in issue_comments: first run committed ${firstComments.length} comments (printed ${recordsOf(killed, 'issue_comments').length}); resumed run re-read ${secondComments.length} of ${store.comments.length} comments; ${commentRequests} comment requests on the server so far`,
    );

    // And the resumed run's final state is a complete one: the next sync finds nothing new
    // beyond the window, and the window's comments were read after it settled.
    const next = await runConnector('read', { config, catalog, state: finalState(resumed, state) });
    expect(next.exitCode).toBe(0);
    expect(ids(recordsOf(next, 'issues'))).toEqual(issuesInWindow(server));
    expect(recordsOf(next, 'issue_comments')).toEqual([]);
  });
});
