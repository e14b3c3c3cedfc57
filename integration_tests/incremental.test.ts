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
import { inLookbackWindow } from './support/lookback';

const STREAMS = ['issues', 'issue_comments'];

function requestsSummary(server: FakeBacklog): string {
  return `${server.requests.length} requests (search ${server.requestCount({ bucket: 'search' })}, read ${server.requestCount({ bucket: 'read' })})`;
}

/** Issues whose `updated` lies in the default lookback window before the newest. */
function issuesInWindow(server: FakeBacklog): number[] {
  return idsOf(inLookbackWindow(server.store.issues));
}

describe('incremental sync after 50 changes', () => {
  let server: FakeBacklog;
  let catalog: unknown;
  let first: RunResult;
  let second: RunResult;
  let changedIssueIds: Set<number>;
  let changedCommentIds: Set<number>;
  let windowIssueIds: number[];

  beforeAll(async () => {
    server = await startFakeSpace({ issues: 2500, commentsPerIssue: 2 });
    catalog = await configuredCatalog(server.url, STREAMS);
    first = await readSync(server, catalog);

    const { store } = server;
    windowIssueIds = issuesInWindow(server);
    const commentCountBefore = store.comments.length;
    changedIssueIds = new Set();
    const editedCommentIds = new Set<number>();
    // 20 field updates (each writes a change-log comment), 10 comments, 10 comment edits on
    // otherwise untouched issues, 10 new issues: 50 changes.
    for (let i = 0; i < 20; i++) changedIssueIds.add(store.updateIssue(store.issues[i * 97].id).id);
    for (let i = 0; i < 10; i++) {
      const issue = store.issues[2000 + i];
      store.addComment(issue.id, `new comment ${i}`);
      changedIssueIds.add(issue.id);
    }
    for (let i = 0; i < 10; i++) {
      const issue = store.issues[1500 + i * 3];
      const comment = store.commentsOf(issue.id)[0];
      store.editComment(comment.id, `edited ${i}`);
      editedCommentIds.add(comment.id);
      changedIssueIds.add(issue.id);
    }
    for (let i = 0; i < 10; i++)
      changedIssueIds.add(store.addIssue('PRJ1', { summary: `new ${i}` }).id);
    const newCommentIds = store.comments.slice(commentCountBefore).map((comment) => comment.id);
    changedCommentIds = new Set([...newCommentIds, ...editedCommentIds]);

    server.resetRequestLog();
    second = await readSync(server, catalog, { state: finalState(first) });
  });
  afterAll(() => server.stop());

  it('the first sync reads everything', async () => {
    expect(first.exitCode).toBe(0);
    expect(recordsOf(first, 'issues')).toHaveLength(2500);
    expect(recordsOf(first, 'issue_comments')).toHaveLength(5000);
    expect(await protocolProblems(server.url, first, STREAMS)).toEqual([]);
  });

  it('the next sync returns the changed issues and the lookback window, each once, as they are now', async () => {
    expect(second.exitCode).toBe(0);
    const issues = recordsOf(second, 'issues');
    expect(windowIssueIds.length).toBeGreaterThan(0);
    expect(idsOf(issues)).toEqual(sortedIds(new Set([...changedIssueIds, ...windowIssueIds])));
    for (const issue of issues) {
      expect(issue).toEqual(server.store.findIssue(issue.id as number));
    }
    expect(await protocolProblems(server.url, second, STREAMS)).toEqual([]);
  });

  it('the next sync returns exactly the new and edited comments', () => {
    const comments = recordsOf(second, 'issue_comments');
    expect(idsOf(comments)).toEqual(sortedIds(changedCommentIds));
    for (const comment of comments) {
      expect(comment.content).toBe(server.store.comments.find((c) => c.id === comment.id)!.content);
    }
  });

  it('costs requests in proportion to the change, not to the space', () => {
    // eslint-disable-next-line no-console
    console.log(`incremental sync after 50 changes in 2,500 issues: ${requestsSummary(server)}`);
    expect(server.requestCount({ bucket: 'search' })).toBeLessThanOrEqual(4);
    // One comments request per changed issue (plus a re-read where a comment was edited).
    expect(server.requestCount({ bucket: 'read' })).toBeLessThanOrEqual(changedIssueIds.size + 15);
  });

  it('a sync with nothing changed re-sends only the lookback window and keeps its cursors', async () => {
    const third = await readSync(server, catalog, { state: finalState(second) });
    expect(third.exitCode).toBe(0);
    const window = issuesInWindow(server);
    expect(idsOf(recordsOf(third, 'issues'))).toEqual(window);
    const windowComments = new Set(
      window.flatMap((id) => server.store.commentsOf(id).map((comment) => comment.id)),
    );
    const comments = idsOf(recordsOf(third, 'issue_comments'));
    expect(comments.filter((id) => !windowComments.has(id))).toEqual([]);
    const cursors = (result: RunResult) =>
      finalState(result).map((entry) => {
        const { stream } = entry as { stream: { stream_state: Record<string, unknown> } };
        return [stream.stream_state.updated, stream.stream_state.issues_updated];
      });
    expect(cursors(third)).toEqual(cursors(second));
  });

  it('a state far in the future yields no records and no failure', async () => {
    const future = STREAMS.map((name) => ({
      type: 'STREAM',
      stream: { stream_descriptor: { name }, stream_state: { updated: '2122-01-01T00:00:00Z' } },
    }));
    const result = await readSync(server, catalog, { state: future });
    expect(result.exitCode).toBe(0);
    expect(result.messages.filter((message) => message.type === 'RECORD')).toHaveLength(0);
  });
});

describe('start_date', () => {
  it('reads nothing updated before it, in full refresh too', async () => {
    await withFakeSpace({ issues: 300 }, async (server) => {
      const startDate = '2025-01-01T00:00:00Z';
      const expected = server.store.issues
        .filter((issue) => issue.updated >= startDate)
        .map((i) => i.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(300);
      for (const mode of ['incremental', 'full_refresh'] as const) {
        const catalog = await configuredCatalog(server.url, STREAMS, mode);
        const result = await readSync(server, catalog, { config: { start_date: startDate } });
        expect(idsOf(recordsOf(result, 'issues'))).toEqual(sortedIds(expected));
        const comments = server.store.comments.filter((comment) => comment.updated >= startDate);
        expect(comments.length).toBeGreaterThan(0);
        expect(idsOf(recordsOf(result, 'issue_comments'))).toEqual(idsOf(comments));
      }
    });
  });
});

describe.each(['Pacific/Kiritimati', 'Etc/GMT+12', 'UTC', 'Asia/Tokyo'])(
  'updatedSince read in time zone %s',
  (timeZone) => {
    it('does not miss a change made just after the cursor, whatever the hour', async () => {
      let now = new Date('2025-07-01T00:00:00Z');
      await withFakeSpace({ issues: 50, timeZone, now: () => now }, async (server) => {
        const catalog = await configuredCatalog(server.url, ['issues']);
        // Without a window, only the cursor's own second is read again.
        const config = { lookback_window_minutes: 0 };
        server.store.updateIssue(server.store.issues[0].id);
        let state = finalState(await readSync(server, catalog, { config }));
        // Each sync's cursor lies at another hour of the UTC day, so the day Backlog filters
        // on differs from the cursor's UTC date in every zone at one of them.
        const hours = ['00:30:00', '11:30:00', '13:30:00', '23:59:59'];
        for (const [index, time] of hours.entries()) {
          now = new Date(`2025-07-02T${time}Z`);
          const changed = server.store.updateIssue(server.store.issues[index + 1].id);
          const next = await readSync(server, catalog, { config, state });
          expect(next.exitCode).toBe(0);
          const previous = server.store.issues[index].id;
          expect({ time, ids: idsOf(recordsOf(next, 'issues')) }).toEqual({
            time,
            ids: sortedIds([previous, changed.id]),
          });
          state = finalState(next, state);
        }
      });
    });
  },
);

describe('deleted issues', () => {
  let server: FakeBacklog;
  let now = new Date('2025-07-01T00:00:00Z');
  beforeAll(async () => {
    server = await startFakeSpace({ issues: 300, commentsPerIssue: 1, now: () => now });
  });
  afterAll(() => server.stop());

  it('reach the warehouse once, as tombstones with _ab_cdc_deleted_at, for projects in scope', async () => {
    const catalog = await configuredCatalog(server.url, ['issues']);
    const first = await readSync(server, catalog);
    expect(recordsOf(first, 'issues').some((issue) => '_ab_cdc_deleted_at' in issue)).toBe(false);

    const { store } = server;
    now = new Date(now.getTime() + 3_600_000);
    const prj1 = store.findProject('PRJ1')!;
    const deleted = store.issues.filter((issue) => issue.projectId === prj1.id).slice(0, 3);
    const elsewhere = store.issues.find((issue) => issue.projectId !== prj1.id)!;
    const shortLived = store.addIssue('PRJ1', { summary: 'created and deleted between syncs' });
    for (const issue of [...deleted, elsewhere, shortLived]) store.deleteIssue(issue.id);
    const deletedAt = now.toISOString().replace('.000Z', 'Z');

    const second = await readSync(server, catalog, { state: finalState(first) });
    expect(second.exitCode).toBe(0);
    expect(await protocolProblems(server.url, second, ['issues'])).toEqual([]);
    const tombstones = recordsOf(second, 'issues').filter((issue) => issue._ab_cdc_deleted_at);
    expect(idsOf(tombstones)).toEqual(idsOf([...deleted, elsewhere, shortLived]));
    for (const issue of deleted) {
      expect(tombstones.find((t) => t.id === issue.id)).toEqual({
        id: issue.id,
        projectId: prj1.id,
        issueKey: issue.issueKey,
        keyId: issue.keyId,
        summary: issue.summary,
        updated: deletedAt,
        _ab_cdc_deleted_at: deletedAt,
      });
    }

    // Scoped to PRJ1, the other project's deletion is not reported.
    const scoped = await readSync(server, catalog, {
      config: { project_keys: ['PRJ1'] },
      state: finalState(first),
    });
    const scopedTombstones = recordsOf(scoped, 'issues').filter((i) => i._ab_cdc_deleted_at);
    expect(idsOf(scopedTombstones)).toEqual(idsOf([...deleted, shortLived]));

    // Reported once: the next sync has no tombstone, only the lookback window's issues.
    const third = await readSync(server, catalog, { state: finalState(second, finalState(first)) });
    expect(recordsOf(third, 'issues').filter((issue) => issue._ab_cdc_deleted_at)).toEqual([]);
    expect(idsOf(recordsOf(third, 'issues'))).toEqual(issuesInWindow(server));

    // A full refresh copies what exists and needs no tombstones.
    const full = await readSync(
      server,
      await configuredCatalog(server.url, ['issues'], 'full_refresh'),
    );
    expect(recordsOf(full, 'issues').some((issue) => '_ab_cdc_deleted_at' in issue)).toBe(false);
    expect(idsOf(recordsOf(full, 'issues'))).toEqual(idsOf(store.issues));
  });

  it('warns when the activity feed no longer reaches back to the last sync', async () => {
    const catalog = await configuredCatalog(server.url, ['issues']);
    const first = await readSync(server, catalog);
    const warnings = (result: RunResult) =>
      result.messages.filter((m) => m.log?.level === 'WARN').map((m) => m.log!.message);
    const { store } = server;
    now = new Date(now.getTime() + 3_600_000);
    store.deleteIssue(store.issues[0].id);
    const kept = store.issues[0];
    store.deleteIssue(kept.id);
    // Retention (undocumented) dropped every activity but the last deletion.
    store.activities.splice(0, store.activities.length - 1);

    const second = await readSync(server, catalog, { state: finalState(first) });
    expect(second.exitCode).toBe(0);
    expect(idsOf(recordsOf(second, 'issues').filter((i) => i._ab_cdc_deleted_at))).toEqual([
      kept.id,
    ]);
    expect(warnings(second)).toEqual([
      expect.stringContaining('issues deleted in between may not be reported'),
    ]);
    expect(warnings(first)).toEqual([]);
  });
});

describe('deleted wiki pages and documents', () => {
  const STREAMS_WITH_PAGES = ['wikis', 'documents'];
  const tombstonesOf = (result: RunResult, stream: string) =>
    recordsOf(result, stream).filter((row) => row._ab_cdc_deleted_at !== undefined);
  const keysOf = (rows: Array<{ id?: unknown }>) => rows.map((row) => String(row.id)).sort();

  it('reach the warehouse once, as tombstones, for projects in scope; none before the first sync', async () => {
    let now = new Date('2025-07-01T00:00:00Z');
    await withFakeSpace(
      { projects: 3, issues: 10, wikisPerProject: 3, documentsPerProject: 3, now: () => now },
      async (server) => {
        const { store } = server;
        const catalog = await configuredCatalog(server.url, STREAMS_WITH_PAGES);
        const prj1 = store.findProject('PRJ1')!;
        const inPrj1 = (row: { projectId: number }) => row.projectId === prj1.id;
        // Deleted before the first sync: never copied, so never reported.
        store.deleteWiki(store.wikis.find(inPrj1)!.id);
        store.deleteDocument(store.documents.find(inPrj1)!.id);
        const first = await readSync(server, catalog);
        expect(first.exitCode).toBe(0);
        for (const stream of STREAMS_WITH_PAGES) expect(tombstonesOf(first, stream)).toEqual([]);

        now = new Date(now.getTime() + 3_600_000);
        const wiki = store.wikis.find(inPrj1)!;
        const wikiElsewhere = store.wikis.find((w) => !inPrj1(w))!;
        const document = store.documents.find(inPrj1)!;
        const documentElsewhere = store.documents.find((d) => !inPrj1(d))!;
        store.deleteWiki(wiki.id);
        store.deleteWiki(wikiElsewhere.id);
        store.deleteDocument(document.id);
        store.deleteDocument(documentElsewhere.id);
        // When the feed says each was deleted.
        const deletedAt = (type: number, id: unknown) =>
          store.activities.find((a) => a.type === type && a.content.id === id)!.created;
        expect(deletedAt(7, wiki.id)).toBe('2025-07-01T01:00:00Z');
        expect(deletedAt(37, document.id)).toBe('2025-07-01T01:00:00Z');

        // Scoped to PRJ1: exactly the page and the document deleted there.
        const scoped = await readSync(server, catalog, {
          config: { project_keys: ['PRJ1'] },
          state: finalState(first),
        });
        expect(scoped.exitCode).toBe(0);
        expect(await protocolProblems(server.url, scoped, STREAMS_WITH_PAGES)).toEqual([]);
        expect(tombstonesOf(scoped, 'wikis')).toEqual([
          {
            id: wiki.id,
            projectId: prj1.id,
            name: wiki.name,
            updated: deletedAt(7, wiki.id),
            _ab_cdc_deleted_at: deletedAt(7, wiki.id),
          },
        ]);
        expect(tombstonesOf(scoped, 'documents')).toEqual([
          {
            id: document.id,
            projectId: prj1.id,
            title: document.title,
            updated: deletedAt(37, document.id),
            _ab_cdc_deleted_at: deletedAt(37, document.id),
          },
        ]);

        // Every project: both of each.
        const second = await readSync(server, catalog, { state: finalState(first) });
        expect(second.exitCode).toBe(0);
        expect(keysOf(tombstonesOf(second, 'wikis'))).toEqual(keysOf([wiki, wikiElsewhere]));
        expect(keysOf(tombstonesOf(second, 'documents'))).toEqual(
          keysOf([document, documentElsewhere]),
        );

        // Reported once: the next sync has nothing new.
        const third = await readSync(server, catalog, {
          state: finalState(second, finalState(first)),
        });
        expect(third.exitCode).toBe(0);
        for (const stream of STREAMS_WITH_PAGES) expect(tombstonesOf(third, stream)).toEqual([]);
      },
    );
  });

  it('a page or document read and then deleted in the same sync gets its tombstone after its record', async () => {
    let now = new Date('2025-07-01T00:00:00Z');
    await withFakeSpace({ projects: 2, issues: 10, now: () => now }, async (server) => {
      const { store } = server;
      const catalog = await configuredCatalog(server.url, STREAMS_WITH_PAGES);
      const first = await readSync(server, catalog);
      now = new Date(now.getTime() + 3_600_000);
      const wiki = store.updateWiki(store.wikis[0].id, { content: 'Rewritten' });
      const document = store.updateDocument(store.documents[0].id, { title: 'Renamed' });
      // Each stream asks whether the feed reaches back once it has read its rows.
      const deleteNext = [() => store.deleteWiki(wiki.id), () => store.deleteDocument(document.id)];
      server.onRequest((request) => {
        const feedStart =
          request.path === '/api/v2/space/activities' && request.query.get('order') === 'asc';
        if (feedStart && request.query.get('count') === '1') deleteNext.shift()?.();
      });
      const second = await readSync(server, catalog, { state: finalState(first) });
      expect(second.exitCode).toBe(0);
      expect(deleteNext).toEqual([]);
      for (const [stream, row] of [
        ['wikis', wiki],
        ['documents', document],
      ] as const) {
        const records = recordsOf(second, stream).filter((r) => r.id === row.id);
        expect(records.map((r) => [r.id, r._ab_cdc_deleted_at ?? null])).toEqual([
          [row.id, null],
          [row.id, '2025-07-01T01:00:00Z'],
        ]);
      }
    });
  });
});
