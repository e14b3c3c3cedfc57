import { FakeBacklog } from './fake-backlog';
import {
  configFor,
  configuredCatalog,
  errorTrace,
  GENEROUS_RATE_LIMITS,
  idsOf,
  protocolProblems,
  recordsOf,
  runConnector,
  type RunResult,
} from './support/connector';
import { PROJECT_SCOPED, serverData } from './support/server-data';

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

describe('streams a role may not read, and project_keys on project-scoped streams', () => {
  let server: FakeBacklog;
  beforeAll(async () => {
    server = await FakeBacklog.start({
      isAdmin: false,
      issues: 30,
      rateLimit: GENEROUS_RATE_LIMITS,
    });
  });
  afterAll(() => server.stop());

  /** What a key that is not an administrator's may not read at all: skipped with a warning. */
  const ADMIN_ONLY = ['teams', 'project_administrators', 'webhooks', 'licence', 'disk_usage'];

  it('skips the admin-only streams with a warning each and reads only PRJ2 elsewhere', async () => {
    const streams = [...new Set([...ADMIN_ONLY, ...PROJECT_SCOPED, 'watchings'])];
    const catalog = await configuredCatalog(server.url, streams);
    server.resetRequestLog();
    const result = await runConnector('read', {
      config: configFor(server.url, { project_keys: ['PRJ2'] }),
      catalog,
    });
    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, streams)).toEqual([]);
    for (const stream of ADMIN_ONLY) {
      expect({ stream, records: recordsOf(result, stream) }).toEqual({ stream, records: [] });
      const statuses = result.messages
        .filter((m) => m.trace?.stream_status?.stream_descriptor.name === stream)
        .map((m) => m.trace!.stream_status!.status);
      expect({ stream, statuses }).toEqual({ stream, statuses: ['STARTED', 'COMPLETE'] });
    }
    // The users of the space this key sees are PRJ2's members; only its own watching list is
    // readable, the others are refused and skipped with one warning.
    const members = server.store.projectUsers(server.store.findProject('PRJ2')!.id);
    const expectedWarnings = [
      ...ADMIN_ONLY.map((stream) => new RegExp(`^Skipping stream "${stream}": .*administrator`)),
      new RegExp(
        `"watchings".*refused the watching lists of ${members.length - 1} of ${members.length} users`,
      ),
    ];
    const logged = warnings(result);
    expect(logged).toHaveLength(expectedWarnings.length);
    for (const pattern of expectedWarnings) {
      expect({ pattern, logged: logged.some((line) => pattern.test(line)) }).toEqual({
        pattern,
        logged: true,
      });
    }
    const myself = server.store.myself.id;
    expect(new Set(recordsOf(result, 'watchings').map((w) => w.userId))).toEqual(new Set([myself]));

    const prj2 = server.store.findProject('PRJ2')!;
    const repositories = new Set(
      server.store.repositories.filter((r) => r.projectId === prj2.id).map((r) => r.id),
    );
    const projectOfIssue = new Map(server.store.issues.map((i) => [i.id, i.projectId]));
    const projectOfPage = new Map(server.store.wikis.map((w) => [w.id, w.projectId]));
    for (const stream of PROJECT_SCOPED.filter((name) => !ADMIN_ONLY.includes(name))) {
      const records = recordsOf(result, stream);
      const projectIds = records.map((row) =>
        stream === 'projects'
          ? row.id
          : stream === 'activities'
            ? (row.project as { id: number }).id
            : stream === 'pull_request_comments'
              ? repositories.has(row.repositoryId as number) && prj2.id
              : stream === 'issue_participants'
                ? projectOfIssue.get(row.issueId as number)
                : stream === 'wiki_history'
                  ? projectOfPage.get(row.pageId as number)
                  : row.projectId,
      );
      expect({ stream, some: records.length > 0 }).toEqual({ stream, some: true });
      expect({ stream, projects: [...new Set(projectIds)] }).toEqual({
        stream,
        projects: [prj2.id],
      });
    }
    const otherProjects = server.store.projects.filter((p) => p.id !== prj2.id);
    const strays = server.requests.filter((r) =>
      otherProjects.some(
        (p) =>
          r.path.startsWith(`/api/v2/projects/${p.id}/`) ||
          r.query.get('projectIdOrKey') === String(p.id) ||
          r.query.getAll('projectId[]').includes(String(p.id)),
      ),
    );
    expect(strays.map((r) => r.path)).toEqual([]);
  });

  it('fails the sync when a stream fails for any other reason, after reading the others', async () => {
    server.injectFault({ kind: '5xx', times: 50, match: (path) => path.endsWith('/categories') });
    const catalog = await configuredCatalog(server.url, ['categories', 'milestones']);
    const result = await runConnector('read', { config: configFor(server.url), catalog });
    server.clearFaults();
    expect(result.exitCode).toBe(1);
    expect(errorTrace(result)).toMatchObject({
      failure_type: 'transient_error',
      stream_descriptor: { name: 'categories' },
    });
    expect(idsOf(recordsOf(result, 'milestones'))).toEqual(
      idsOf(serverData(server).milestones as Array<{ id: number }>),
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
