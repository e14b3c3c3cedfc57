import type { FakeBacklog } from './fake-backlog';
import {
  configuredCatalog,
  idsOf,
  protocolProblems,
  recordsOf,
  type RunResult,
} from './support/connector';
import { readSync, startFakeSpace } from './support/fake-space';

const STREAMS = ['space', 'projects', 'users', 'issues', 'issue_comments'];

describe('full refresh of a space with more than 2,000 issues', () => {
  let server: FakeBacklog;
  let result: RunResult;

  beforeAll(async () => {
    server = await startFakeSpace({
      issues: 2150,
      commentsPerIssue: 1,
      commentsForIssue: { 7: 260 },
    });
    const catalog = await configuredCatalog(server.url, STREAMS, 'full_refresh');
    server.resetRequestLog();
    result = await readSync(server, catalog);
  });
  afterAll(() => server.stop());

  it('exits 0 and every message keeps the protocol', async () => {
    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
  });

  it('returns exactly the server data for every stream, nothing lost or duplicated', () => {
    const { store } = server;
    expect(recordsOf(result, 'space')).toEqual([store.space]);
    expect(recordsOf(result, 'projects')).toEqual(
      store.projects.filter((p) => store.isJoined(p.id)),
    );
    expect(recordsOf(result, 'users')).toEqual(store.users);
    const issues = recordsOf(result, 'issues');
    expect(issues).toHaveLength(store.issues.length);
    expect(idsOf(issues)).toEqual(idsOf(store.issues as never));
    const byId = new Map(store.issues.map((issue) => [issue.id, issue]));
    for (const issue of issues) expect(issue).toEqual(byId.get(issue.id as number));
    const comments = recordsOf(result, 'issue_comments');
    expect(comments).toHaveLength(store.comments.length);
    expect(idsOf(comments)).toEqual(idsOf(store.comments as never));
  });

  it('reads an issue with more than 100 comments completely', () => {
    const busy = server.store.issues[7];
    const comments = recordsOf(result, 'issue_comments').filter((c) => c.issueId === busy.id);
    expect(comments).toHaveLength(260);
  });

  it('pages issues 100 at a time and says how many requests it made', () => {
    // Two walks of the issue list: the issues stream and the parents of issue_comments.
    const issuePages = server.requestCount({ pathPrefix: '/api/v2/issues', bucket: 'search' });
    expect(issuePages).toBeGreaterThanOrEqual(2 * 22);
    expect(issuePages).toBeLessThanOrEqual(2 * 25);
    // One comments request per issue, three for the one with 260 comments.
    const commentPages = server.requests.filter((r) => r.path.endsWith('/comments')).length;
    expect(commentPages).toBe(server.store.issues.length + 2);
    // eslint-disable-next-line no-console
    console.log(
      `full refresh of ${server.store.issues.length} issues / ${server.store.comments.length} comments: ${server.requests.length} requests (search ${server.requestCount({ bucket: 'search' })}, read ${server.requestCount({ bucket: 'read' })})`,
    );
  });
});
