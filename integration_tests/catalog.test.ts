import { FakeBacklog } from './fake-backlog';
import {
  configFor,
  configuredCatalog,
  discoverCatalog,
  finalState,
  GENEROUS_RATE_LIMITS,
  protocolProblems,
  recordsOf,
  runConnector,
  type RunResult,
} from './support/connector';
import { requestsPerStream } from './support/run-output';
import {
  ALL,
  BY_DATE,
  changedSince,
  cursorOf,
  highestIds,
  INCREMENTAL,
  keyOf,
  serverData,
  type Row,
} from './support/server-data';
import {
  DEFAULT_LOOKBACK_MS,
  inLookbackWindow,
  newestUpdatedMs,
  unsettledAt,
} from './support/lookback';

function keys(stream: string, rows: Row[]): string[] {
  return rows.map((row) => keyOf(stream, row)).sort();
}

function duplicates(values: string[]): string[] {
  return values.filter((value, i) => values.indexOf(value) !== i);
}

/** The newest cursor value the server holds for each stream with a timestamp cursor. */
function newestUpdated(server: FakeBacklog): Record<string, number> {
  const data = serverData(server);
  return Object.fromEntries(
    BY_DATE.map((stream) => [stream, newestUpdatedMs(data[stream], cursorOf(stream))]),
  );
}

/** Rows of `stream` the server holds whose cursor lies in the window before `newestMs`. */
function inWindow(server: FakeBacklog, stream: string, newestMs: number): Row[] {
  return inLookbackWindow(serverData(server)[stream], newestMs, cursorOf(stream));
}

describe('the whole catalog against a space with every kind of data', () => {
  let server: FakeBacklog;
  let now = new Date('2025-07-01T00:00:00Z');
  const tick = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

  beforeAll(async () => {
    server = await FakeBacklog.start({
      projects: 4,
      issues: 60,
      featuresOffProjectKeys: ['PRJ4'],
      wikisPerProject: 4,
      // Over 100 per listing: documents and one repository's pull requests take several pages.
      documentsPerProject: 45,
      pullRequestsPerRepository: 105,
      commentsPerPullRequest: 1,
      teams: 3,
      sharedFileDepth: 3,
      sharedFilesForDirectory: { '/docs/': 103 },
      rateLimit: GENEROUS_RATE_LIMITS,
      now: () => now,
    });
    await discoverCatalog(server.url);
  });
  afterAll(() => server.stop());

  describe('a full refresh', () => {
    let result: RunResult;
    beforeAll(async () => {
      const catalog = await configuredCatalog(server.url, ALL, 'full_refresh');
      result = await runConnector('read', { config: configFor(server.url), catalog });
    });

    it('exits 0, keeps the protocol, and every record matches its schema exactly', async () => {
      expect(result.exitCode).toBe(0);
      expect(await protocolProblems(server.url, result, ALL)).toEqual([]);
    });

    it.each(ALL)('%s returns exactly the server data, none lost or duplicated', (stream) => {
      const expected = serverData(server)[stream];
      const records = recordsOf(result, stream);
      expect(expected.length).toBeGreaterThan(0);
      expect(duplicates(records.map((row) => keyOf(stream, row)))).toEqual([]);
      expect(keys(stream, records)).toEqual(keys(stream, expected));
      const byKey = new Map(records.map((row) => [keyOf(stream, row), row]));
      for (const row of expected) {
        const actual = byKey.get(keyOf(stream, row))!;
        if (stream === 'pull_requests') {
          // The list embeds the linked issue as {id} only; everything else is as stored.
          expect({ ...actual, issue: null }).toEqual({ ...row, issue: null });
        } else if (stream === 'pull_request_comments') {
          expect(actual).toMatchObject(row);
        } else {
          expect(actual).toEqual(row);
        }
      }
    });

    it('walks nested shared-file directories, one of them over 100 entries', () => {
      const files = recordsOf(result, 'shared_files');
      expect(files.filter((f) => f.dir === '/docs/').length).toBeGreaterThan(100);
      expect(files.some((f) => f.dir === '/docs/specs/2024 議事録/')).toBe(true);
    });

    it('does not ask projects with a module turned off', () => {
      const off = server.store.projects.find((p) => p.projectKey === 'PRJ4')!;
      const asked = server.requests.filter(
        (r) =>
          r.path.includes(`/projects/${off.id}/git`) ||
          r.path.includes(`/projects/${off.id}/files`) ||
          (r.path.endsWith('/wikis') && r.query.get('projectIdOrKey') === String(off.id)),
      );
      expect(asked).toEqual([]);
    });
  });

  describe('incremental syncs', () => {
    let first: RunResult;
    let second: RunResult;
    let third: RunResult;
    let firstAt: number;
    let changedAt: number;
    let secondAt: number;
    let highestIdsBefore: Record<string, number>;
    let newestBefore: Record<string, number>;
    let newestAfter: Record<string, number>;

    beforeAll(async () => {
      const catalog = await configuredCatalog(server.url, ALL);
      const config = configFor(server.url);
      firstAt = now.getTime();
      first = await runConnector('read', { config, catalog });
      tick(60);
      changedAt = now.getTime();
      newestBefore = newestUpdated(server);
      highestIdsBefore = highestIds(serverData(server));
      const { store } = server;
      const [issue, otherIssue] = store.issues;
      store.updateIssue(issue.id, { summary: 'Changed summary' });
      store.addComment(otherIssue.id, 'A new comment');
      const wiki = store.wikis[0];
      store.updateWiki(wiki.id, { content: 'Rewritten' });
      store.addWiki('PRJ2', { name: 'New page' });
      store.updateDocument(store.documents[3].id, { title: 'Renamed' });
      store.addDocument('PRJ1', { title: 'Fresh document' });
      const pr = store.pullRequests[0];
      const repository = store.repositories.find((r) => r.id === pr.repositoryId)!;
      store.updatePullRequest(pr.projectId, repository.id, pr.number, { summary: 'Retitled' });
      const other = store.pullRequests[5];
      store.addPullRequestComment(other.projectId, other.repositoryId, other.number, 'LGTM');
      store.addPullRequest(pr.projectId, repository.id, { summary: 'Brand new' });
      // (A pull-request comment edit leaves no activity: pull-request-scan.test.ts covers it.)
      const [watcher, receiver] = store.users;
      store.addWatching(watcher.id, store.issues[7].id, 'Keep an eye on it');
      store.giveStar(receiver.id, { title: 'Thanks' });
      tick(60);
      secondAt = now.getTime();
      second = await runConnector('read', { config, catalog, state: finalState(first) });
      newestAfter = newestUpdated(server);
      tick(60);
      third = await runConnector('read', {
        config,
        catalog,
        state: finalState(second, finalState(first)),
      });
    });

    it('all three syncs exit 0 and keep the protocol', async () => {
      for (const result of [first, second, third]) {
        expect(result.exitCode).toBe(0);
        expect(await protocolProblems(server.url, result, ALL)).toEqual([]);
      }
    });

    it.each(INCREMENTAL)(
      '%s: the second sync returns every change once, and re-sends only the lookback window',
      (stream) => {
        const records = recordsOf(second, stream);
        expect(duplicates(keys(stream, records))).toEqual([]);
        const changed = changedSince(serverData(server), stream, changedAt, highestIdsBefore);
        expect(changed.length).toBeGreaterThan(0);
        const returned = new Set(keys(stream, records));
        expect(keys(stream, changed).filter((key) => !returned.has(key))).toEqual([]);
        const window =
          stream === 'activities'
            ? []
            : stream === 'stars'
              ? unsettledAt(serverData(server).stars, firstAt)
              : inWindow(server, stream, newestBefore[stream]);
        const allowed = new Set([...keys(stream, window), ...keys(stream, changed)]);
        expect([...returned].filter((key) => !allowed.has(key))).toEqual([]);
      },
    );

    it('a third sync with nothing changed re-sends at most the lookback window', () => {
      expect(recordsOf(third, 'activities')).toEqual([]);
      for (const stream of BY_DATE) {
        const allowed = new Set(keys(stream, inWindow(server, stream, newestAfter[stream])));
        const outside = keys(stream, recordsOf(third, stream)).filter((key) => !allowed.has(key));
        expect({ stream, outside }).toEqual({ stream, outside: [] });
      }
      // The star given a minute before the second sync was not settled then: read again.
      expect(keys('stars', recordsOf(third, 'stars'))).toEqual(
        keys('stars', unsettledAt(serverData(server).stars, secondAt)),
      );
      // The issues changed a minute before the second sync are in its window, and re-sent.
      expect(keys('issues', recordsOf(third, 'issues'))).toEqual(
        keys('issues', inWindow(server, 'issues', newestAfter.issues)),
      );
    });

    it('costs little where little changed', () => {
      const costs = requestsPerStream(second);
      expect(Object.keys(costs).sort()).toEqual([...ALL].sort());
      // Pages in the lookback window before the cursor are read again, one request each.
      const resent = (stream: string) =>
        inWindow(server, stream, newestBefore[stream]).filter(
          (row) => Date.parse(row.updated as string) < changedAt,
        ).length;
      // The three wiki lists (search, one per project with Wiki on) + the two changed pages +
      // the window + deletions: whether the activity feed still reaches back, one page of it.
      const wikiReads = 4 + resent('wikis');
      expect(costs.wikis).toBe(`${wikiReads + 3} requests (read ${wikiReads}, search 3)`);
      // The document list (135 documents: 2 pages) + the two changed documents + the window +
      // deletions.
      const documentReads = 6 + resent('documents');
      expect(costs.documents).toBe(`${documentReads} requests (read ${documentReads})`);
      // Only the activities since the last id: one page.
      expect(costs.activities).toBe('1 request (read 1)');
      // One changed issue list page + comments of the two changed issues + one read for each
      // issue changed within the window before the first sync began (it may have changed again
      // after that sync read it): its newest comment, written then, is above the watermark.
      const firstSyncAt = changedAt - 60_000;
      const unsettled = serverData(server).issues.filter((issue) => {
        const updated = Date.parse(issue.updated as string);
        return updated >= firstSyncAt - DEFAULT_LOOKBACK_MS && updated < changedAt;
      }).length;
      expect(unsettled).toBeGreaterThan(0);
      const commentReads = 2 + unsettled;
      expect(costs.issue_comments).toBe(
        `${commentReads + 1} requests (read ${commentReads}, search 1)`,
      );
      // Between full scans: whether the activity feed still reaches back, one feed page, then
      // one read per changed pull request (updated, commented on, added).
      expect(costs.pull_requests).toBe('5 requests (read 5)');
      // The wiki lists (search, one per project with Wiki on), then the history of the two
      // changed pages and of the pages in the window.
      const historyReads = 2 + resent('wikis');
      expect(costs.wiki_history).toBe(
        `${historyReads + 3} requests (read ${historyReads}, search 3)`,
      );
      // One changed issue list page, then the participants of the two changed issues and of the
      // issues in the window.
      const participantReads = 2 + resent('issues');
      expect(costs.issue_participants).toBe(
        `${participantReads + 1} requests (read ${participantReads}, search 1)`,
      );
      // One request per user (the users stream's, read once for the run), lists under 100 rows.
      const users = server.store.users.length;
      expect(costs.watchings).toBe(`${users} requests (read ${users})`);
      expect(costs.stars).toBe(`${users} requests (read ${users})`);
      expect(costs.pull_request_comments).toBe('5 requests (read 5)');
    });
  });
});
