import { FakeBacklog } from './fake-backlog';
import {
  configFor,
  configuredCatalog,
  GENEROUS_RATE_LIMITS,
  idsOf,
  protocolProblems,
  recordsOf,
  runConnector,
  type RunResult,
} from './support/connector';

const STREAMS = ['projects', 'users', 'issues', 'issue_comments'];

function warnings(result: RunResult): string[] {
  return result.messages.filter((m) => m.log?.level === 'WARN').map((m) => m.log!.message);
}

function memberRequests(server: FakeBacklog): string[] {
  return server.requests
    .filter((r) => /^\/api\/v2\/projects\/[^/]+\/users$/.test(r.path))
    .map((r) => r.path)
    .sort();
}

describe('a user who is not an administrator', () => {
  let server: FakeBacklog;
  beforeAll(async () => {
    server = await FakeBacklog.start({
      isAdmin: false,
      projects: 4,
      users: 7,
      issues: 60,
      notJoinedProjectKeys: ['PRJ4'],
      rateLimit: GENEROUS_RATE_LIMITS,
    });
  });
  afterAll(() => server.stop());

  it('gets the members of the projects in scope as users, each once, with a warning', async () => {
    const catalog = await configuredCatalog(server.url, STREAMS);
    server.resetRequestLog();
    const result = await runConnector('read', { config: configFor(server.url), catalog });

    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    expect(server.requestCount({ pathPrefix: '/api/v2/users', status: 403 })).toBe(1);
    // Every project has the same members in the fake, so three projects list each user three times.
    const users = recordsOf(result, 'users');
    expect(idsOf(users)).toEqual(idsOf(server.store.users));
    expect(new Set(users.map((user) => user.id)).size).toBe(users.length);
    const byId = new Map(server.store.users.map((user) => [user.id, user]));
    for (const user of users) expect(user).toEqual(byId.get(user.id as number));
    // The joined projects only: PRJ4 is not in scope.
    expect(memberRequests(server)).toEqual([
      '/api/v2/projects/1001/users',
      '/api/v2/projects/1002/users',
      '/api/v2/projects/1003/users',
    ]);
    expect(warnings(result)).toEqual([expect.stringMatching(/administrator/)]);
    // The other streams are not disturbed by the fallback.
    const joined = server.store.issues.filter((issue) => issue.projectId !== 1004);
    expect(idsOf(recordsOf(result, 'issues'))).toEqual(idsOf(joined));
  });

  it('with project_keys [PRJ1] reads only PRJ1: its project, members, issues and comments', async () => {
    const catalog = await configuredCatalog(server.url, STREAMS);
    server.resetRequestLog();
    const result = await runConnector('read', {
      config: configFor(server.url, { project_keys: ['PRJ1'] }),
      catalog,
    });

    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    const prj1 = server.store.findProject('PRJ1')!;
    expect(recordsOf(result, 'projects')).toEqual([prj1]);
    expect(memberRequests(server)).toEqual([`/api/v2/projects/${prj1.id}/users`]);
    const members = server.store.projectUsers(prj1.id);
    expect(idsOf(recordsOf(result, 'users'))).toEqual(idsOf(members));
    expect(warnings(result)).toEqual([expect.stringMatching(/administrator/)]);

    const issues = server.store.issues.filter((issue) => issue.projectId === prj1.id);
    expect(issues.length).toBeGreaterThan(0);
    expect(idsOf(recordsOf(result, 'issues'))).toEqual(idsOf(issues));
    const comments = server.store.comments.filter((comment) => comment.projectId === prj1.id);
    expect(idsOf(recordsOf(result, 'issue_comments'))).toEqual(idsOf(comments));
    // Every issue listing asked Backlog for PRJ1 only, and no other project's comments were read.
    const listings = server.requests.filter((r) => r.path === '/api/v2/issues');
    expect(listings.length).toBeGreaterThan(0);
    for (const listing of listings)
      expect(listing.query.getAll('projectId[]')).toEqual([String(prj1.id)]);
    const issueIds = new Set(issues.map((issue) => String(issue.id)));
    const commentPaths = server.requests.filter((r) => r.path.endsWith('/comments'));
    expect(commentPaths.map((r) => r.path.split('/')[4]).every((id) => issueIds.has(id))).toBe(
      true,
    );
  });
});

describe('an administrator', () => {
  let server: FakeBacklog;
  beforeAll(async () => {
    server = await FakeBacklog.start({ issues: 10, users: 6, rateLimit: GENEROUS_RATE_LIMITS });
  });
  afterAll(() => server.stop());

  it('gets every user of the space from GET /users, without a warning or member listings', async () => {
    const catalog = await configuredCatalog(server.url, ['users']);
    server.resetRequestLog();
    const result = await runConnector('read', {
      config: configFor(server.url, { project_keys: ['PRJ1'] }),
      catalog,
    });
    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, ['users'])).toEqual([]);
    expect(recordsOf(result, 'users')).toEqual(server.store.users);
    expect(memberRequests(server)).toEqual([]);
    expect(warnings(result)).toEqual([]);
  });
});
