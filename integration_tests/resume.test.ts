import type { FakeBacklog } from './fake-backlog';
import {
  configuredCatalog,
  finalState,
  protocolProblems,
  recordsOf,
  type RunResult,
} from './support/connector';
import { readSync, startFakeSpace } from './support/fake-space';
import { afterStates, committedRecords } from './support/run-output';
import { inLookbackWindow } from './support/lookback';

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
  return ids(inLookbackWindow(server.store.issues));
}

/**
 * Holds every request to `path` after the first `passing` ones until the returned release is
 * called: the connector cannot run past that point, however slowly the test reads its output, so
 * a kill on its output lands there.
 */
function holdAfter(server: FakeBacklog, path: RegExp, passing: number): () => void {
  let seen = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  server.onRequest(async (request) => {
    if (!path.test(request.path)) return;
    seen += 1;
    if (seen > passing) await held;
  });
  return () => {
    server.clearHooks();
    release();
  };
}

function log(message: string): void {
  // eslint-disable-next-line no-console
  console.log(message);
}

describe('a sync killed with SIGKILL resumes from its last checkpoint', () => {
  let server: FakeBacklog;
  let catalog: Awaited<ReturnType<typeof configuredCatalog>>;

  beforeAll(async () => {
    server = await startFakeSpace({ issues: 3000, seed: 11 });
    catalog = await configuredCatalog(server.url, STREAMS);
  });
  afterAll(() => server.stop());

  /** A run killed after `states` STATEs of `stream`, with `path` requests held after `passing`. */
  async function killedRun(
    path: RegExp,
    passing: number,
    stream: string,
    states: number,
  ): Promise<RunResult> {
    const release = holdAfter(server, path, passing);
    const killed = await readSync(server, catalog, {}, { killWhen: afterStates(stream, states) });
    release();
    expect(killed.signal).toBe('SIGKILL');
    return killed;
  }

  /** The next run from `state`: it finishes and keeps the protocol. */
  async function resumedRun(state: unknown[]): Promise<RunResult> {
    const resumed = await readSync(server, catalog, { state });
    expect(resumed.exitCode).toBe(0);
    expect(await protocolProblems(server.url, resumed, STREAMS)).toEqual([]);
    return resumed;
  }

  it('killed while reading issues: nothing lost, and the second run re-reads little', async () => {
    const { store } = server;
    const started = Date.now();
    // STATE every 1,000 records: the second comes after 20 pages of 100; page 26 waits.
    const killed = await killedRun(/^\/api\/v2\/issues$/, 25, 'issues', 2);
    const killedAfter = (Date.now() - started) / 1000;
    expect(statesOf(killed, 'issues')).toBe(2);
    const firstIssues = committedRecords(killed, 'issues');
    // Checkpoints (every 1,000 records, sooner on a slow machine), none past the held page.
    expect(firstIssues.length).toBeGreaterThan(0);
    expect(firstIssues.length).toBeLessThanOrEqual(2500);
    const state = finalState(killed);
    expect(
      state.map(
        (s) =>
          (s as { stream: { stream_descriptor: { name: string } } }).stream.stream_descriptor.name,
      ),
    ).toEqual(['issues']);

    const resumed = await resumedRun(state);
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
    // Two comments per issue, a STATE every 1,000 records: the third comes after 1,500 issues'
    // comments; the 1,601st issue's comments wait.
    const killed = await killedRun(/^\/api\/v2\/issues\/\d+\/comments$/, 1600, 'issue_comments', 3);
    const firstIssues = committedRecords(killed, 'issues');
    const firstComments = committedRecords(killed, 'issue_comments');
    expect(ids(firstIssues).size).toBe(store.issues.length);
    // Checkpoints (every 1,000 records, sooner on a slow machine), none past the held issue.
    expect(firstComments.length).toBeGreaterThan(0);
    expect(firstComments.length).toBeLessThan(store.comments.length);
    const state = finalState(killed);

    const resumed = await resumedRun(state);
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
    const next = await readSync(server, catalog, { state: finalState(resumed, state) });
    expect(next.exitCode).toBe(0);
    expect(ids(recordsOf(next, 'issues'))).toEqual(issuesInWindow(server));
    expect(recordsOf(next, 'issue_comments')).toEqual([]);
    // Three syncs of 3,000 issues and 6,000 comments: minutes on a loaded 2-core machine.
  }, 180_000);
});
