import type { FakeBacklog } from './fake-backlog';
import {
  configuredCatalog,
  finalState,
  idsOf,
  protocolProblems,
  recordsOf,
  sortedIds,
} from './support/connector';
import { readSync, withFakeSpace } from './support/fake-space';

/**
 * Syncs issue_comments while the server's hooks change data, then once more from the saved state
 * with the data still: the comment ids the two syncs read together.
 */
async function commentIdsOverTwoSyncs(server: FakeBacklog, catalog: unknown): Promise<number[]> {
  const first = await readSync(server, catalog);
  server.clearHooks();
  const second = await readSync(server, catalog, { state: finalState(first) });
  return sortedIds(
    new Set([
      ...idsOf(recordsOf(first, 'issue_comments')),
      ...idsOf(recordsOf(second, 'issue_comments')),
    ]),
  );
}

describe('the issue list drifts while a sync pages through it', () => {
  it('an issue updated mid-sync (moving to the end) makes no other issue be skipped', async () => {
    await withFakeSpace({ issues: 1200, commentsPerIssue: 0 }, async (server) => {
      const catalog = await configuredCatalog(server.url, ['issues']);
      const { store } = server;
      const moved: number[] = [];
      let issuePages = 0;
      server.onRequest((request) => {
        if (request.path !== '/api/v2/issues') return;
        issuePages += 1;
        // Before pages 3..6: issues already read jump to the end; issues not yet read vanish.
        if (issuePages >= 3 && issuePages <= 6) {
          for (let k = 0; k < 8; k++)
            moved.push(store.updateIssue(store.issues[(issuePages - 3) * 40 + k].id).id);
          store.deleteIssue(store.issues[store.issues.length - 100 - issuePages].id);
        }
      });
      const result = await readSync(server, catalog);
      expect(result.exitCode).toBe(0);
      const read = idsOf(recordsOf(result, 'issues'));
      // Every issue that still exists was read, each exactly once.
      expect(read).toEqual(sortedIds(store.issues.map((issue) => issue.id)));
      expect(await protocolProblems(server.url, result, ['issues'])).toEqual([]);

      // The versions that changed mid-sync arrive with the next sync.
      server.clearHooks();
      const next = await readSync(server, catalog, { state: finalState(result) });
      const nextIssues = recordsOf(next, 'issues');
      // Four pages' hooks moved eight issues each.
      expect(moved).toHaveLength(32);
      for (const id of moved) {
        expect(nextIssues.find((issue) => issue.id === id)).toEqual(store.findIssue(id));
      }
    });
  });

  it('comments of issues that change mid-sync are not lost either', async () => {
    await withFakeSpace({ issues: 600, commentsPerIssue: 1 }, async (server) => {
      const catalog = await configuredCatalog(server.url, ['issue_comments']);
      const { store } = server;
      let issuePages = 0;
      server.onRequest((request) => {
        if (request.path !== '/api/v2/issues') return;
        issuePages += 1;
        if (issuePages === 3)
          for (let k = 0; k < 10; k++) store.addComment(store.issues[k].id, 'late');
      });
      const read = await commentIdsOverTwoSyncs(server, catalog);
      expect(read).toEqual(sortedIds(store.comments.map((comment) => comment.id)));
    });
  });

  it('a comment added to an already-read issue while later comments are fetched is read next sync', async () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    await withFakeSpace({ issues: 300, commentsPerIssue: 1, now: () => clock }, async (server) => {
      const catalog = await configuredCatalog(server.url, ['issue_comments']);
      const { store } = server;
      const byUpdated = [...store.issues].sort((a, b) => a.updated.localeCompare(b.updated));
      const firstRead = byUpdated[0];
      const lastRead = byUpdated[byUpdated.length - 1];
      let raced = false;
      server.onRequest((request) => {
        if (raced || request.path !== `/api/v2/issues/${lastRead.id}/comments`) return;
        raced = true;
        // The issue list is already read; the first issue's comments are already copied.
        store.addComment(firstRead.id, 'late, on an issue already read');
        clock = new Date('2026-01-01T00:00:05Z');
        store.addComment(lastRead.id, 'later, on the issue being read');
      });
      const read = await commentIdsOverTwoSyncs(server, catalog);
      expect(raced).toBe(true);
      expect(read).toEqual(sortedIds(store.comments.map((comment) => comment.id)));
    });
  });
});

describe('same-second ties', () => {
  it('are all read when they straddle a page boundary, even in a shifting order', async () => {
    await withFakeSpace(
      { issues: 400, commentsPerIssue: 0, tieOrder: 'shuffled' },
      async (server) => {
        const { store } = server;
        // 70 issues share one second and sit across the boundary of the first and second page.
        const byUpdated = [...store.issues].sort((a, b) => a.updated.localeCompare(b.updated));
        const tied = byUpdated.slice(60, 130);
        const second = byUpdated[60].updated;
        for (const issue of tied) store.setIssueUpdated(issue.id, second);
        const catalog = await configuredCatalog(server.url, ['issues']);
        const result = await readSync(server, catalog);
        expect(idsOf(recordsOf(result, 'issues'))).toEqual(
          sortedIds(store.issues.map((i) => i.id)),
        );
      },
    );
  });

  it('across syncs: an issue updated in the cursor second after a sync is read, with the rest of that second', async () => {
    await withFakeSpace({ issues: 120, commentsPerIssue: 0 }, async (server) => {
      const { store } = server;
      const last = '2025-09-01T12:00:00Z';
      store.setIssueUpdated(store.issues[0].id, last);
      store.setIssueUpdated(store.issues[1].id, last);
      const catalog = await configuredCatalog(server.url, ['issues']);
      const first = await readSync(server, catalog);
      expect(first.exitCode).toBe(0);
      const state = finalState(first) as Array<{
        stream: { stream_state: Record<string, unknown> };
      }>;
      expect(state[0].stream.stream_state).toEqual({
        updated: last,
        // The newest activity of any kind when the first sync began.
        deleted_after_activity_id: Math.max(...store.activities.map((a) => a.id)),
      });
      // Same second, later in it: a third issue. The second is read again whole.
      store.setIssueUpdated(store.issues[2].id, last);
      const second = await readSync(server, catalog, {
        config: { lookback_window_minutes: 0 },
        state,
      });
      expect(idsOf(recordsOf(second, 'issues'))).toEqual(
        sortedIds([store.issues[0].id, store.issues[1].id, store.issues[2].id]),
      );
    });
  });
});

describe('documents and pull requests change while a sync reads them', () => {
  /** After every seeded timestamp. */
  const SYNC_DAY = Date.parse('2025-07-01T00:00:00Z');
  let now = new Date(SYNC_DAY);
  const tick = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

  it('documents updated or deleted between pages make no other document be skipped', async () => {
    await withFakeSpace(
      { projects: 3, issues: 3, documentsPerProject: 150, now: () => now },
      async (server) => {
        const catalog = await configuredCatalog(server.url, ['documents']);
        const { store } = server;
        const moved: string[] = [];
        let listPages = 0;
        server.onRequest((request) => {
          if (request.path !== '/api/v2/documents') return;
          listPages += 1;
          if (listPages < 2 || listPages > 4) return;
          // Oldest first: the first rows of the list were read, the last ones were not.
          const byUpdated = [...store.documents].sort(
            (a, b) => Date.parse(a.updated) - Date.parse(b.updated) || a.id.localeCompare(b.id),
          );
          const seeded = byUpdated.filter((d) => Date.parse(d.updated) < SYNC_DAY);
          tick(1);
          for (const document of seeded.slice(0, 5))
            moved.push(store.updateDocument(document.id).id);
          // The newest seeded document is at the far end: not read yet.
          store.deleteDocument(seeded[seeded.length - 1].id);
        });
        const result = await readSync(server, catalog);
        expect(result.exitCode).toBe(0);
        expect(await protocolProblems(server.url, result, ['documents'])).toEqual([]);
        const read = recordsOf(result, 'documents').map((document) => document.id as string);
        expect(new Set(read).size).toBe(read.length);
        expect([...read].sort()).toEqual(store.documents.map((document) => document.id).sort());

        server.clearHooks();
        tick(60);
        const next = await readSync(server, catalog, { state: finalState(result) });
        const again = new Map(recordsOf(next, 'documents').map((d) => [d.id as string, d]));
        // Three pages' hooks moved five documents each.
        expect(moved).toHaveLength(15);
        for (const id of moved)
          expect(again.get(id)?.updated).toBe(store.findDocument(id)!.updated);
      },
    );
  });

  it('pull requests: new ones shift the list, and one changed after it was read is not lost', async () => {
    await withFakeSpace(
      {
        projects: 1,
        issues: 3,
        pullRequestsPerRepository: 250,
        commentsPerPullRequest: 0,
        now: () => now,
      },
      async (server) => {
        const catalog = await configuredCatalog(server.url, ['pull_requests']);
        const { store } = server;
        const repository = store.repositories[0];
        const newestFirst = () =>
          store.pullRequests
            .filter((pr) => pr.repositoryId === repository.id)
            .sort((a, b) => b.number - a.number);
        const [readEarly] = newestFirst();
        const readLate = newestFirst()[220];
        let listPages = 0;
        server.onRequest((request) => {
          if (!request.path.endsWith('/pullRequests')) return;
          listPages += 1;
          if (listPages !== 2) return;
          // Created mid-walk: the newest-first list shifts right by two.
          store.addPullRequest(repository.projectId, repository.id);
          store.addPullRequest(repository.projectId, repository.id);
          // Changed after its page was read, then one not yet read changes a second later: a
          // cursor at the newest `updated` read would hide the first change.
          tick(1);
          store.updatePullRequest(repository.projectId, repository.id, readEarly.number, {
            summary: 'Changed after it was read',
          });
          tick(1);
          store.updatePullRequest(repository.projectId, repository.id, readLate.number, {
            summary: 'Changed before it was read',
          });
        });
        const startedWith = newestFirst().map((pr) => pr.id);
        const result = await readSync(server, catalog);
        expect(result.exitCode).toBe(0);
        const read = recordsOf(result, 'pull_requests').map((pr) => pr.id as number);
        expect(new Set(read).size).toBe(read.length);
        expect(sortedIds(read.filter((id) => startedWith.includes(id)))).toEqual(
          sortedIds(startedWith),
        );

        server.clearHooks();
        tick(60);
        const next = await readSync(server, catalog, { state: finalState(result) });
        const again = new Map(recordsOf(next, 'pull_requests').map((pr) => [pr.id as number, pr]));
        expect(again.get(readEarly.id)?.summary).toBe('Changed after it was read');
      },
    );
  });
});
