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
import { ALL, INCREMENTAL, keyOf, serverData, type Row } from './support/server-data';

function keys(stream: string, rows: Row[]): string[] {
  return rows.map((row) => keyOf(stream, row)).sort();
}

function duplicates(values: string[]): string[] {
  return values.filter((value, i) => values.indexOf(value) !== i);
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
    let changedAt: number;
    let lastActivityBefore: number;

    beforeAll(async () => {
      const catalog = await configuredCatalog(server.url, ALL);
      const config = configFor(server.url);
      first = await runConnector('read', { config, catalog });
      tick(60);
      changedAt = now.getTime();
      lastActivityBefore = Math.max(...server.store.activities.map((a) => a.id));
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
      // (A pull-request comment edit leaves no activity: activity-scan.test.ts covers it.)
      tick(60);
      second = await runConnector('read', { config, catalog, state: finalState(first) });
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

    it.each(INCREMENTAL)('%s: the second sync returns exactly what changed', (stream) => {
      const all = serverData(server)[stream];
      const changed =
        stream === 'activities'
          ? all.filter((row) => (row.id as number) > lastActivityBefore)
          : all.filter((row) => Date.parse(row.updated as string) >= changedAt);
      expect(changed.length).toBeGreaterThan(0);
      expect(keys(stream, recordsOf(second, stream))).toEqual(keys(stream, changed));
    });

    it('a third sync with nothing changed returns no incremental records', () => {
      for (const stream of INCREMENTAL) {
        expect({ stream, records: recordsOf(third, stream).length }).toEqual({
          stream,
          records: 0,
        });
      }
    });

    it('costs little where little changed', () => {
      const costs = requestsPerStream(second);
      expect(Object.keys(costs).sort()).toEqual([...ALL].sort());
      // The three wiki lists (search, one per project with Wiki on) + the two changed pages.
      expect(costs.wikis).toBe('5 requests (read 2, search 3)');
      // The document list (135 documents: 2 pages) + the two changed documents.
      expect(costs.documents).toBe('4 requests (read 4)');
      // Only the activities since the last id: one page.
      expect(costs.activities).toBe('1 request (read 1)');
      // One changed issue list page + comments of the two changed issues.
      expect(costs.issue_comments).toBe('3 requests (read 2, search 1)');
      // Between full scans: whether the activity feed still reaches back, one feed page, then
      // one read per changed pull request (updated, commented on, added).
      expect(costs.pull_requests).toBe('5 requests (read 5)');
      expect(costs.pull_request_comments).toBe('5 requests (read 5)');
    });
  });
});
