/**
 * Changes that land in a second a sync has already read: a bulk update still running while the
 * sync reads, or a write that becomes visible after the sync, stamped a second before its cursor.
 * The fake's clock stands still at the moment each scenario needs, so nothing races the wall clock.
 */
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
import { readSync, withFakeSpace } from './support/fake-space';
import { DEFAULT_LOOKBACK_MS } from './support/lookback';

const STREAMS = ['issues', 'issue_comments', 'wikis', 'documents'];
const T0 = '2025-07-01T10:00:00Z';

const at = (iso: string, offsetMs = 0) => new Date(Date.parse(iso) + offsetMs);

/** A fake space whose clock the scenario sets: `clock.now` stamps every change. */
async function withClockedSpace(
  scenario: (server: FakeBacklog, clock: { now: Date }) => Promise<void>,
): Promise<void> {
  const clock = { now: at(T0) };
  await withFakeSpace(
    {
      issues: 300,
      commentsPerIssue: 1,
      wikisPerProject: 3,
      documentsPerProject: 3,
      now: () => clock.now,
    },
    (server) => scenario(server, clock),
  );
}

function streamState(states: unknown[], stream: string): Record<string, unknown> {
  const entry = (
    states as Array<{ stream: { stream_descriptor: { name: string }; stream_state: object } }>
  ).find((state) => state.stream.stream_descriptor.name === stream);
  return entry!.stream.stream_state as Record<string, unknown>;
}

/** Every record of `stream` appears at most once in one sync. */
function expectNoDuplicates(result: RunResult, stream: string) {
  const ids = recordsOf(result, stream).map((record) => record.id);
  expect(ids.length).toBe(new Set(ids).size);
}

/** Each expected issue came back in the version the server holds now. */
function expectCurrentIssues(server: FakeBacklog, result: RunResult, ids: number[]) {
  const byId = new Map(recordsOf(result, 'issues').map((issue) => [issue.id, issue]));
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(byId.get(id)).toEqual(server.store.findIssue(id));
}

/** Each expected comment came back with the content the server holds now. */
function expectCurrentComments(server: FakeBacklog, result: RunResult, ids: number[]) {
  const byId = new Map(recordsOf(result, 'issue_comments').map((c) => [c.id, c]));
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) {
    const stored = server.store.comments.find((comment) => comment.id === id)!;
    expect(byId.get(id)).toMatchObject({ id, content: stored.content, updated: stored.updated });
  }
}

describe('a change in a second the last sync already read', () => {
  it('a bulk update at the cursor, changed again in that second after the sync: every change arrives', async () => {
    await withClockedSpace(async (server, clock) => {
      const { store } = server;
      const catalog = await configuredCatalog(server.url, STREAMS);
      const bulk = store.issues.slice(0, 250).map((issue) => store.updateIssue(issue.id).id);
      const first = await readSync(server, catalog);
      expect(first.exitCode).toBe(0);

      // Same second, after the sync read it: 10 issues change, 7 comments are written.
      const commentsBefore = store.comments.length;
      const others = store.issues.slice(250, 257).map((issue) => issue.id);
      for (const id of [...bulk.slice(0, 3), ...others.slice(0, 3)]) store.updateIssue(id);
      store.addComment(others[3], 'written in the same second');
      const edited = others.slice(4).map((id) => store.commentsOf(id)[0].id);
      for (const id of edited) store.editComment(id, 'edited in the same second');
      const written = store.comments.slice(commentsBefore).map((comment) => comment.id);
      expect(written).toHaveLength(7);

      clock.now = at(T0, 60_000);
      const second = await readSync(server, catalog, { state: finalState(first) });
      expect(second.exitCode).toBe(0);
      expect(await protocolProblems(server.url, second, STREAMS)).toEqual([]);
      expectCurrentIssues(server, second, [...bulk.slice(0, 3), ...others]);
      expectCurrentComments(server, second, [...written, ...edited]);
      for (const stream of STREAMS) expectNoDuplicates(second, stream);
      // What else came back lies in the window before the cursor: the bulk update, re-sent.
      const windowStart = Date.parse(T0) - DEFAULT_LOOKBACK_MS;
      for (const issue of recordsOf(second, 'issues')) {
        expect(Date.parse(issue.updated as string)).toBeGreaterThanOrEqual(windowStart);
      }
    });
  });

  it('a late commit stamped the second before the cursor arrives; without a window it would not', async () => {
    await withClockedSpace(async (server, clock) => {
      const { store } = server;
      const catalog = await configuredCatalog(server.url, STREAMS);
      for (const issue of store.issues.slice(0, 20)) store.updateIssue(issue.id);
      const first = await readSync(server, catalog);
      expect(first.exitCode).toBe(0);

      // Written at T0 - 1 s, visible only now.
      clock.now = at(T0, -1000);
      const commentsBefore = store.comments.length;
      const late = [store.issues[100].id, store.issues[101].id];
      store.updateIssue(late[0]);
      store.addComment(late[1], 'a late commit');
      const lateComments = store.comments.slice(commentsBefore).map((comment) => comment.id);

      clock.now = at(T0, 60_000);
      const state = finalState(first);
      const second = await readSync(server, catalog, { state });
      expect(second.exitCode).toBe(0);
      expectCurrentIssues(server, second, late);
      expectCurrentComments(server, second, lateComments);

      const noWindow = await readSync(server, catalog, {
        config: { lookback_window_minutes: 0 },
        state,
      });
      expect(noWindow.exitCode).toBe(0);
      const returned = new Set(idsOf(recordsOf(noWindow, 'issues')));
      expect(late.filter((id) => returned.has(id))).toEqual([]);
    });
  });

  it('wiki pages and documents changed again in the cursor second arrive too', async () => {
    await withClockedSpace(async (server, clock) => {
      const { store } = server;
      const catalog = await configuredCatalog(server.url, STREAMS);
      const [wikiA, wikiB, wikiC] = store.wikis;
      const [documentA, documentB, documentC] = store.documents;
      store.updateWiki(wikiA.id);
      store.updateWiki(wikiB.id);
      store.updateDocument(documentA.id);
      store.updateDocument(documentB.id);
      const first = await readSync(server, catalog);
      expect(first.exitCode).toBe(0);

      // Same second: one page changed again, one changed for the first time, of each kind.
      store.updateWiki(wikiA.id, { content: 'changed again in the same second' });
      store.updateWiki(wikiC.id, { content: 'changed in the same second' });
      store.updateDocument(documentA.id, { plain: 'changed again in the same second' });
      store.updateDocument(documentC.id, { plain: 'changed in the same second' });

      clock.now = at(T0, 60_000);
      const second = await readSync(server, catalog, { state: finalState(first) });
      expect(second.exitCode).toBe(0);
      const wikis = new Map(recordsOf(second, 'wikis').map((page) => [page.id, page]));
      for (const id of [wikiA.id, wikiC.id]) {
        const stored = store.wikis.find((page) => page.id === id)!;
        expect(wikis.get(id)).toMatchObject({ id, updated: stored.updated });
      }
      expect(wikis.get(wikiA.id)?.content).toBe('changed again in the same second');
      const documents = new Map(recordsOf(second, 'documents').map((d) => [d.id, d]));
      expect(documents.get(documentA.id)?.plain).toBe('changed again in the same second');
      expect(documents.get(documentC.id)?.plain).toBe('changed in the same second');
      expect(sortedIds(wikis.keys() as Iterable<number>)).toEqual(
        sortedIds([wikiA.id, wikiB.id, wikiC.id]),
      );
      for (const stream of STREAMS) expectNoDuplicates(second, stream);
    });
  });

  it('a comment written on an issue already read, while the sync reads a later one, arrives', async () => {
    await withClockedSpace(async (server, clock) => {
      const { store } = server;
      const byUpdated = [...store.issues].sort(
        (a, b) => Date.parse(a.updated) - Date.parse(b.updated) || a.id - b.id,
      );
      const [readFirst, readLater] = [byUpdated[0].id, byUpdated[10].id];
      let during: number | undefined;
      server.onRequest((request) => {
        if (during !== undefined || request.path !== `/api/v2/issues/${readLater}/comments`) return;
        // Ids grow with time: this comment's id is below the one the sync is about to read.
        during = store.addComment(readFirst, 'written while the sync read another issue').id;
        store.addComment(readLater, 'written just after');
      });
      const config = { concurrency: 1 };
      const catalog = await configuredCatalog(server.url, ['issue_comments']);
      const first = await readSync(server, catalog, { config });
      expect(first.exitCode).toBe(0);
      expect(during).toBeDefined();
      expect(idsOf(recordsOf(first, 'issue_comments'))).not.toContain(during);

      // A later comment on the same issue explains its newest change by itself.
      server.clearHooks();
      clock.now = at(T0, 30_000);
      const after = store.addComment(readFirst, 'the next day').id;
      clock.now = at(T0, 60_000);
      const second = await readSync(server, catalog, { config, state: finalState(first) });
      expect(second.exitCode).toBe(0);
      expectCurrentComments(server, second, [during!, after]);
    });
  });

  it('syncs with nothing changed re-send the window, and read no comments once it has settled', async () => {
    await withClockedSpace(async (server, clock) => {
      const { store } = server;
      const catalog = await configuredCatalog(server.url, ['issues', 'issue_comments']);
      const bulk = store.issues.slice(0, 40).map((issue) => store.updateIssue(issue.id).id);
      const first = await readSync(server, catalog);
      expect(first.exitCode).toBe(0);

      // An hour later: the bulk update happened as the first sync began, so its comments are
      // read once more; a further hour later they are settled and cost nothing.
      clock.now = at(T0, 3_600_000);
      server.resetRequestLog();
      const second = await readSync(server, catalog, { state: finalState(first) });
      const commentReads = () => server.requests.filter((r) => r.path.endsWith('/comments'));
      expect(commentReads()).toHaveLength(bulk.length);
      clock.now = at(T0, 7_200_000);
      server.resetRequestLog();
      const state = finalState(second, finalState(first));
      const third = await readSync(server, catalog, { state });
      expect(third.exitCode).toBe(0);
      expect(commentReads()).toHaveLength(0);
      expect(idsOf(recordsOf(third, 'issues'))).toEqual(sortedIds(bulk));
      expect(recordsOf(third, 'issue_comments')).toEqual([]);
      // The cursors stay where the bulk update put them.
      const after = finalState(third, state);
      expect(streamState(after, 'issues').updated).toBe(T0);
      expect(streamState(after, 'issue_comments').issues_updated).toBe(T0);
    });
  });
});
