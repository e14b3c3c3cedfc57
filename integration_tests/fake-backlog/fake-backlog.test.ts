import { FakeBacklog, FIRST_COMMENT_ID, tieGroups, type FakeBacklogOptions } from './index';
import { expectError, get, KEY, type Json, type Reply } from './test-support';

async function postToken(fake: FakeBacklog, form: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${fake.url}/api/v2/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const fakes: FakeBacklog[] = [];
async function startFake(options?: FakeBacklogOptions): Promise<FakeBacklog> {
  const fake = await FakeBacklog.start(options);
  fakes.push(fake);
  return fake;
}
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
});

// Field lists of notes §6.
const USER_FIELDS = [
  'id',
  'userId',
  'name',
  'roleType',
  'lang',
  'nulabAccount',
  'mailAddress',
  'lastLoginTime',
];
const PROJECT_FIELDS = [
  'id',
  'projectKey',
  'name',
  'chartEnabled',
  'useResolvedForChart',
  'subtaskingEnabled',
  'projectLeaderCanEditProjectLeader',
  'useWiki',
  'useDocument',
  'useFileSharing',
  'useWikiTreeView',
  'useSubversion',
  'useGit',
  'useOriginalImageSizeAtWiki',
  'textFormattingRule',
  'archived',
  'displayOrder',
  'useDevAttributes',
];
const ISSUE_FIELDS = [
  'id',
  'projectId',
  'issueKey',
  'keyId',
  'issueType',
  'summary',
  'description',
  'resolution',
  'priority',
  'status',
  'assignee',
  'category',
  'versions',
  'milestone',
  'startDate',
  'dueDate',
  'estimatedHours',
  'actualHours',
  'parentIssueId',
  'createdUser',
  'created',
  'updatedUser',
  'updated',
  'customFields',
  'attachments',
  'sharedFiles',
  'stars',
  'externalFileLinks',
];
const COMMENT_FIELDS = [
  'id',
  'projectId',
  'issueId',
  'content',
  'changeLog',
  'createdUser',
  'created',
  'updated',
  'stars',
  'notifications',
];
const ACTIVITY_FIELDS = [
  'id',
  'project',
  'type',
  'content',
  'notifications',
  'createdUser',
  'created',
];
const SPACE_FIELDS = [
  'spaceKey',
  'name',
  'ownerId',
  'lang',
  'timezone',
  'reportSendTime',
  'textFormattingRule',
  'created',
  'updated',
];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function expectFields(record: object, fields: string[]): void {
  expect(Object.keys(record)).toEqual(expect.arrayContaining(fields));
}
function expectUser(user: unknown): void {
  expectFields(user as object, USER_FIELDS);
}
function expectIssue(issue: Json): void {
  expectFields(issue, ISSUE_FIELDS);
  expect(issue.created).toMatch(ISO);
  expect(issue.updated).toMatch(ISO);
  expect(issue.updated >= issue.created).toBe(true);
  expectUser(issue.createdUser);
  expectUser(issue.updatedUser);
  expectFields(issue.issueType, ['id', 'projectId', 'name', 'color', 'displayOrder']);
  expectFields(issue.status, ['id', 'projectId', 'name', 'color', 'displayOrder']);
  expectFields(issue.priority, ['id', 'name']);
  for (const cf of issue.customFields) expectFields(cf, ['id', 'fieldTypeId', 'name', 'value']);
  for (const a of issue.attachments) expectFields(a, ['id', 'name', 'size']);
  for (const s of issue.sharedFiles) {
    expectFields(s, [
      'id',
      'projectId',
      'type',
      'dir',
      'name',
      'size',
      'createdUser',
      'created',
      'updatedUser',
      'updated',
    ]);
  }
  for (const s of issue.stars)
    expectFields(s, ['id', 'comment', 'url', 'title', 'presenter', 'created']);
}
function expectComment(comment: Json): void {
  expectFields(comment, COMMENT_FIELDS);
  expect(comment.created).toMatch(ISO);
  expect(comment.updated).toMatch(ISO);
  expectUser(comment.createdUser);
  for (const entry of comment.changeLog ?? []) {
    expectFields(entry, [
      'field',
      'newValue',
      'originalValue',
      'attachmentInfo',
      'attributeInfo',
      'notificationInfo',
    ]);
  }
  for (const n of comment.notifications) {
    expectFields(n, ['id', 'alreadyRead', 'reason', 'user', 'resourceAlreadyRead']);
  }
}
function expectActivity(activity: Json): void {
  expectFields(activity, ACTIVITY_FIELDS);
  expectFields(activity.project, PROJECT_FIELDS);
  expectUser(activity.createdUser);
  expect(activity.created).toMatch(ISO);
  if (activity.type > 4) return; // other kinds: fake-backlog-content.test.ts
  expectFields(activity.content, ['id', 'key_id', 'summary', 'description']);
  if (activity.type === 2 || activity.type === 3)
    expectFields(activity.content.comment, ['id', 'content']);
}

describe('seeded data (read-only server)', () => {
  let fake: FakeBacklog;
  beforeAll(async () => {
    fake = await startFake({ commentsForIssue: { 0: 250 } });
  });

  test('defaults: 3 projects PRJ1.. with ids 1001.., 5 users, 30 issues round-robin', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.store.projects.map((p) => [p.id, p.projectKey])).toEqual([
      [1001, 'PRJ1'],
      [1002, 'PRJ2'],
      [1003, 'PRJ3'],
    ]);
    expect(fake.store.users).toHaveLength(5);
    expect(fake.store.issues).toHaveLength(30);
    expect(fake.store.issues.slice(0, 4).map((i) => i.issueKey)).toEqual([
      'PRJ1-1',
      'PRJ2-1',
      'PRJ3-1',
      'PRJ1-2',
    ]);
    expect(fake.store.comments).toHaveLength(250 + 29 * 2);
  });

  test('every seeded record carries the fields of notes §6', async () => {
    const space = await get(fake, '/space');
    expectFields(space.body, SPACE_FIELDS);
    expect(space.body.timezone).toBe('Asia/Tokyo');
    (await get(fake, '/users')).body.forEach(expectUser);
    expectUser((await get(fake, '/users/myself')).body);
    for (const p of (await get(fake, '/projects')).body) expectFields(p, PROJECT_FIELDS);
    fake.store.issues.forEach(expectIssue);
    fake.store.comments.forEach(expectComment);
    fake.store.activities.forEach(expectActivity);
    const listed = await get(fake, '/issues', { count: 100 });
    listed.body.forEach(expectIssue);
    // Variety the connector must cope with: null changeLog, empty content, null nulabAccount.
    expect(fake.store.comments.some((c) => c.changeLog === null)).toBe(true);
    expect(fake.store.comments.some((c) => c.content === '')).toBe(true);
    expect(fake.store.users.some((u) => u.nulabAccount === null)).toBe(true);
    expect(fake.store.users.some((u) => u.lastLoginTime === null)).toBe(true);
  });

  test('timestamps are in the past, seconds precision, and ids follow creation order', () => {
    for (const r of [...fake.store.issues, ...fake.store.comments]) {
      expect(r.created >= '2024-01-01T00:00:00Z' && r.updated <= '2025-06-30T23:59:59Z').toBe(true);
    }
    const byCreated = [...fake.store.comments].sort(
      (a, b) => a.created.localeCompare(b.created) || a.id - b.id,
    );
    expect(byCreated.map((c) => c.id)).toEqual(
      fake.store.comments.map((c) => c.id).sort((a, b) => a - b),
    );
    expect(fake.store.comments[0].id).toBe(FIRST_COMMENT_ID);
    const activityIds = fake.store.activities.map((a) => a.id);
    expect(activityIds).toEqual([...activityIds].sort((a, b) => a - b));
    // each issue's `updated` is at or after its last comment
    for (const issue of fake.store.issues) {
      for (const c of fake.store.commentsOf(issue.id))
        expect(c.created <= issue.updated).toBe(true);
    }
  });

  test('seeded data has same-second ties among issues updated', () => {
    for (const group of tieGroups(30)) {
      const updated = group.map((i) => fake.store.issues[i].updated);
      expect(new Set(updated).size).toBe(1);
    }
    expect(tieGroups(30).length).toBeGreaterThanOrEqual(4);
  });

  test('same seed gives the same data; another seed differs', async () => {
    const again = await startFake({ commentsForIssue: { 0: 250 } });
    const other = await startFake({ seed: 2 });
    expect(JSON.stringify(again.store.issues)).toBe(JSON.stringify(fake.store.issues));
    expect(JSON.stringify(other.store.issues)).not.toBe(JSON.stringify(fake.store.issues));
    await again.stop();
    await other.stop();
  });

  test('GET /issues: default count 20, offset paging covers every issue exactly once', async () => {
    expect((await get(fake, '/issues')).body).toHaveLength(20);
    const seen: number[] = [];
    for (let offset = 0; ; offset += 7) {
      const page = await get(fake, '/issues', { offset, count: 7 });
      seen.push(...page.body.map((i: { id: number }) => i.id));
      if (page.body.length < 7) break;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect((await get(fake, '/issues', { offset: 30 })).body).toEqual([]);
    expect((await get(fake, '/issues', { count: 100 })).body).toHaveLength(30);
  });

  test('GET /issues: count outside 1..100 and bad offset/sort answer 400 code 7', async () => {
    expectError(await get(fake, '/issues', { count: 0 }), 400, 7);
    expectError(await get(fake, '/issues', { count: 101 }), 400, 7);
    expectError(await get(fake, '/issues', { count: 'x' }), 400, 7);
    expectError(await get(fake, '/issues', { offset: -1 }), 400, 7);
    expectError(await get(fake, '/issues', { sort: 'nope' }), 400, 7);
    expectError(await get(fake, '/issues', { order: 'up' }), 400, 7);
  });

  test('GET /issues: default sort updated desc with ties by id desc; asc ties by id asc', async () => {
    const desc = (await get(fake, '/issues', { count: 100 })).body as Array<{
      id: number;
      updated: string;
    }>;
    for (let k = 1; k < desc.length; k++) {
      const [a, b] = [desc[k - 1], desc[k]];
      expect(a.updated > b.updated || (a.updated === b.updated && a.id > b.id)).toBe(true);
    }
    const asc = (await get(fake, '/issues', { count: 100, sort: 'updated', order: 'asc' })).body;
    expect(asc.map((i: { id: number }) => i.id)).toEqual(desc.map((i) => i.id).reverse());
    const created = (await get(fake, '/issues', { count: 100, sort: 'created', order: 'asc' }))
      .body;
    expect(created.map((i: { id: number }) => i.id)).toEqual(fake.store.issues.map((i) => i.id));
  });

  test('GET /issues: projectId[] and id[] filters; /issues/count', async () => {
    const prj2 = await get(fake, '/issues', { 'projectId[]': 1002, count: 100 });
    expect(prj2.body).toHaveLength(10);
    expect(prj2.body.every((i: { projectId: number }) => i.projectId === 1002)).toBe(true);
    const ids = [fake.store.issues[3].id, fake.store.issues[17].id];
    const byId = await get(fake, '/issues', { 'id[]': ids });
    expect(byId.body.map((i: { id: number }) => i.id).sort()).toEqual(ids.sort());
    expect((await get(fake, '/issues/count', { 'projectId[]': [1001, 1003] })).body).toEqual({
      count: 20,
    });
    expect((await get(fake, '/issues/count')).body).toEqual({ count: 30 });
    expectError(await get(fake, '/issues', { 'projectId[]': 'PRJ1' }), 400, 7);
  });

  test('GET /issues/:idOrKey by id and key; 404 code 6 for unknown; expand childIssueSummary', async () => {
    const issue = fake.store.issues[4];
    expect((await get(fake, `/issues/${issue.id}`)).body.issueKey).toBe(issue.issueKey);
    const byKey = await get(fake, `/issues/${issue.issueKey}`, { 'expand[]': 'childIssueSummary' });
    expect(byKey.body.id).toBe(issue.id);
    expect(byKey.body.childIssueSummary).toEqual({
      total: expect.any(Number),
      closed: expect.any(Number),
    });
    expect((await get(fake, `/issues/${issue.id}`)).body.childIssueSummary).toBeUndefined();
    expectError(await get(fake, '/issues/999999'), 404, 6);
    expectError(await get(fake, '/issues/NOPE-1'), 404, 6);
  });

  test('comments: default desc, count limits, minId/maxId exclusive, keyset walk of 250', async () => {
    const issue = fake.store.issues[0];
    const all = fake.store.commentsOf(issue.id).map((c) => c.id);
    expect(all).toHaveLength(250);
    const first = await get(fake, `/issues/${issue.issueKey}/comments`);
    expect(first.body.map((c: { id: number }) => c.id)).toEqual([...all].reverse().slice(0, 20));
    first.body.forEach(expectComment);
    expectError(await get(fake, `/issues/${issue.id}/comments`, { count: 0 }), 400, 7);
    expectError(await get(fake, `/issues/${issue.id}/comments`, { count: 101 }), 400, 7);
    const exclusive = await get(fake, `/issues/${issue.id}/comments`, {
      minId: all[10],
      maxId: all[14],
      order: 'asc',
    });
    expect(exclusive.body.map((c: { id: number }) => c.id)).toEqual(all.slice(11, 14));
    const walked: number[] = [];
    let minId = 0;
    for (;;) {
      const page = await get(fake, `/issues/${issue.id}/comments`, {
        minId,
        order: 'asc',
        count: 100,
      });
      if (page.body.length === 0) break;
      walked.push(...page.body.map((c: { id: number }) => c.id));
      minId = walked[walked.length - 1]; // no +1: minId is exclusive
    }
    expect(walked).toEqual(all);
    expect((await get(fake, `/issues/${issue.id}/comments/count`)).body).toEqual({ count: 250 });
    expectError(await get(fake, '/issues/999999/comments'), 404, 6);
  });

  test('activities: default desc, minId exclusive, activityTypeId[] filter', async () => {
    const ids = fake.store.activities.map((a) => a.id);
    const latest = await get(fake, '/space/activities');
    expect(latest.body.map((a: { id: number }) => a.id)).toEqual([...ids].reverse().slice(0, 20));
    const after = await get(fake, '/space/activities', { minId: ids[5], order: 'asc', count: 3 });
    expect(after.body.map((a: { id: number }) => a.id)).toEqual(ids.slice(6, 9));
    const created = await get(fake, '/space/activities', { 'activityTypeId[]': 1, count: 100 });
    expect(created.body).toHaveLength(30);
    expect(created.body.every((a: { type: number }) => a.type === 1)).toBe(true);
    expectError(await get(fake, '/space/activities', { count: 101 }), 400, 7);
  });

  test('projects: by id or key, 404 code 6 "No project.", users, metadata', async () => {
    expect((await get(fake, '/projects/PRJ2')).body.id).toBe(1002);
    expect((await get(fake, '/projects/1003')).body.projectKey).toBe('PRJ3');
    const missing = await get(fake, '/projects/NOPE');
    expectError(missing, 404, 6);
    expect(missing.body.errors[0].message).toBe('No project.');
    expect((await get(fake, '/projects/PRJ1/users')).body).toHaveLength(5);
    expect(
      (await get(fake, '/projects/PRJ1/statuses')).body.map((s: { id: number }) => s.id),
    ).toEqual([1, 2, 3, 4]);
    expect((await get(fake, '/projects/PRJ1/issueTypes')).body).toHaveLength(2);
  });

  test('unknown route: 404 code 6', async () => {
    expectError(await get(fake, '/nothing/here'), 404, 6);
  });

  test('request log: every request recorded with path, query, status, bucket', async () => {
    fake.resetRequestLog();
    await get(fake, '/issues', { count: 5 });
    await get(fake, '/issues/999999');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/v2/issues',
      status: 200,
      bucket: 'search',
    });
    expect(fake.requests[0].query.get('count')).toBe('5');
    expect(fake.requestCount({ bucket: 'read', status: 404 })).toBe(1);
    expect(fake.requestCount({ pathPrefix: '/api/v2/issues' })).toBe(2);
  });
});

describe('day-granular date filters in a non-UTC zone', () => {
  test('updatedSince/Until are whole days in Asia/Tokyo, both inclusive', async () => {
    const fake = await startFake();
    const [a, b, c] = fake.store.issues;
    fake.store.setIssueUpdated(a.id, '2025-03-01T14:59:59Z'); // 2025-03-01 23:59:59 JST
    fake.store.setIssueUpdated(b.id, '2025-03-01T15:00:00Z'); // 2025-03-02 00:00:00 JST
    fake.store.setIssueUpdated(c.id, '2025-03-02T14:59:59Z'); // 2025-03-02 23:59:59 JST
    const ids = (params: Record<string, string>) =>
      get(fake, '/issues', {
        ...params,
        'id[]': [a.id, b.id, c.id],
        sort: 'updated',
        order: 'asc',
      }).then((r) => r.body.map((i: { id: number }) => i.id));
    expect(await ids({ updatedSince: '2025-03-02' })).toEqual([b.id, c.id]);
    expect(await ids({ updatedUntil: '2025-03-01' })).toEqual([a.id]);
    expect(await ids({ updatedSince: '2025-03-02', updatedUntil: '2025-03-02' })).toEqual([
      b.id,
      c.id,
    ]);
    expect(await ids({ updatedSince: '2025-03-03' })).toEqual([]);
    expectError(await get(fake, '/issues', { updatedSince: '2025-3-1' }), 400, 7);
    expectError(await get(fake, '/issues', { updatedSince: '2025-02-30' }), 400, 7);
    expectError(await get(fake, '/issues/count', { updatedUntil: '2025-03-01T00:00:00Z' }), 400, 7);
  });

  test('the same instants read in UTC fall on other days', async () => {
    const fake = await startFake({ timeZone: 'UTC' });
    const [a, b] = fake.store.issues;
    fake.store.setIssueUpdated(a.id, '2025-03-01T14:59:59Z');
    fake.store.setIssueUpdated(b.id, '2025-03-01T15:00:00Z');
    const r = await get(fake, '/issues', {
      'id[]': [a.id, b.id],
      updatedSince: '2025-03-01',
      updatedUntil: '2025-03-01',
    });
    expect(r.body).toHaveLength(2);
    expect((await get(fake, '/space')).body.timezone).toBe('UTC');
  });
});

describe('tie order', () => {
  test("'id': equal updated values are ordered by id, stable across requests", async () => {
    const fake = await startFake();
    const stamp = '2025-05-05T05:05:05Z';
    const ids = fake.store.issues.slice(0, 8).map((i) => i.id);
    ids.forEach((id) => fake.store.setIssueUpdated(id, stamp));
    const first = await get(fake, '/issues', { 'id[]': ids, count: 100 });
    expect(first.body.map((i: { id: number }) => i.id)).toEqual([...ids].reverse());
    const second = await get(fake, '/issues', { 'id[]': ids, count: 100 });
    expect(second.body).toEqual(first.body);
  });

  test("'shuffled': a different permutation of tied issues on each request, keys still sorted", async () => {
    const fake = await startFake({ tieOrder: 'shuffled' });
    const stamp = '2025-05-05T05:05:05Z';
    const ids = fake.store.issues.slice(0, 8).map((i) => i.id);
    ids.forEach((id) => fake.store.setIssueUpdated(id, stamp));
    const orders = new Set<string>();
    for (let k = 0; k < 5; k++) {
      const page = await get(fake, '/issues', { 'id[]': ids, count: 100 });
      expect([...page.body.map((i: { id: number }) => i.id)].sort()).toEqual([...ids].sort());
      orders.add(page.body.map((i: { id: number }) => i.id).join(','));
    }
    expect(orders.size).toBeGreaterThan(1);
    const all = (await get(fake, '/issues', { count: 100 })).body as Array<{ updated: string }>;
    for (let k = 1; k < all.length; k++) expect(all[k - 1].updated >= all[k].updated).toBe(true);
  });
});

describe('rate limits', () => {
  test('headers on every response; 429 code 13 over the limit without consuming; recovery', async () => {
    // The window's clock stands still until the test moves it: the window lasts as long as needed.
    let realTime = Date.parse('2025-07-01T00:00:00.300Z');
    const fake = await startFake({
      rateLimit: { windowMs: 400, limits: { search: 3, read: 50 } },
      realTime: () => realTime,
    });
    const replies = [];
    for (let k = 0; k < 3; k++) replies.push(await get(fake, '/issues', { count: 1 }));
    expect(replies.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0']);
    expect(replies[0].headers.get('x-ratelimit-limit')).toBe('3');
    // UTC epoch seconds, rounded up: the window opened at .300 and ends at .700.
    const reset = Number(replies[0].headers.get('x-ratelimit-reset'));
    expect(reset).toBe(Date.parse('2025-07-01T00:00:01Z') / 1000);

    const limited = await get(fake, '/issues/count');
    expectError(limited, 429, 13);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(String(reset));
    expect((await get(fake, '/issues')).status).toBe(429);

    // other buckets are independent; errors carry the headers too
    const read = await get(fake, '/projects/NOPE');
    expect(read.status).toBe(404);
    expect(read.headers.get('x-ratelimit-limit')).toBe('50');
    const unauth = await get(fake, '/space', {}, { apiKey: 'wrong' });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('x-ratelimit-remaining')).toBe('48');

    realTime += 399;
    expect((await get(fake, '/issues', { count: 1 })).status).toBe(429);
    realTime += 1;
    const recovered = await get(fake, '/issues', { count: 1 });
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(fake.requestCount({ status: 429 })).toBe(3);
  });

  test('GET /rateLimit reports every bucket; setRateLimit starts afresh; POST is update', async () => {
    const fake = await startFake();
    const r = await get(fake, '/rateLimit');
    expect(r.body.rateLimit.read).toEqual({
      limit: 600,
      remaining: 599,
      reset: expect.any(Number),
    });
    expect(r.body.rateLimit.update).toMatchObject({ limit: 150, remaining: 150 });
    expect(r.body.rateLimit.search).toMatchObject({ limit: 150, remaining: 150 });
    expect(r.body.rateLimit.icon).toMatchObject({ limit: 60, remaining: 60 });
    fake.setRateLimit({ limits: { update: 1 } });
    const form = {
      grant_type: 'refresh_token',
      client_id: 'x',
      client_secret: 'y',
      refresh_token: 'z',
    };
    expect((await postToken(fake, form)).headers.get('x-ratelimit-limit')).toBe('1');
    expect((await postToken(fake, form)).status).toBe(429);
    expect(fake.requests.at(-1)?.bucket).toBe('update');
    const icon = await fetch(`${fake.url}/api/v2/users/101/icon?apiKey=${KEY}`);
    expect(icon.headers.get('x-ratelimit-limit')).toBe('60');
    expect(icon.headers.get('content-type')).toBe('image/gif');
  });
});

describe('faults', () => {
  let fake: FakeBacklog;
  beforeAll(async () => {
    fake = await startFake();
  });
  afterEach(() => fake.clearFaults());

  test("'5xx': 500 with code 1 JSON, then 503 HTML, then normal", async () => {
    fake.injectFault({ kind: '5xx', times: 2 });
    const first = await get(fake, '/space');
    expectError(first, 500, 1);
    expect(first.headers.get('x-ratelimit-limit')).toBe('600');
    const second = await get(fake, '/space');
    expect(second.status).toBe(503);
    expect(second.headers.get('content-type')).toMatch(/text\/html/);
    expect(second.body).toMatch(/<html/);
    expect((await get(fake, '/space')).status).toBe(200);
  });

  test("'reset': the socket is destroyed without a response", async () => {
    fake.injectFault({ kind: 'reset', times: 1 });
    await expect(fetch(`${fake.url}/api/v2/space?apiKey=${KEY}`)).rejects.toThrow();
    expect(fake.requests.at(-1)).toMatchObject({ fault: 'reset', status: 0 });
    expect((await get(fake, '/space')).status).toBe(200);
  });

  test("'truncate': 200 with the full Content-Length, half the body, then the socket closes", async () => {
    fake.injectFault({ kind: 'truncate', times: 1 });
    const res = await fetch(`${fake.url}/api/v2/issues?apiKey=${KEY}`);
    expect(res.status).toBe(200);
    const full = (await get(fake, '/issues')).body;
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(full)));
    await expect(res.text()).rejects.toThrow();
  });

  test('match restricts which paths fail; times counts only matching requests', async () => {
    fake.injectFault({ kind: '5xx', times: 2, match: (p) => p.endsWith('/comments') });
    const issue = fake.store.issues[0];
    expect((await get(fake, '/space')).status).toBe(200);
    expect((await get(fake, `/issues/${issue.id}/comments`)).status).toBeGreaterThanOrEqual(500);
    expect((await get(fake, '/issues/count')).status).toBe(200);
    expect((await get(fake, `/issues/${issue.id}/comments`)).status).toBeGreaterThanOrEqual(500);
    expect((await get(fake, `/issues/${issue.id}/comments`)).status).toBe(200);
  });

  test('setFaultRate: seeded random faults of the given kinds', async () => {
    fake.setFaultRate(1, ['5xx']);
    expect((await get(fake, '/space')).status).toBeGreaterThanOrEqual(500);
    fake.setFaultRate(0.5, ['5xx']);
    const statuses = [];
    for (let k = 0; k < 20; k++) statuses.push((await get(fake, '/space')).status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s >= 500).length).toBeGreaterThan(0);
    fake.setFaultRate(0);
    expect((await get(fake, '/space')).status).toBe(200);
  });

  test('latency is added before the response', async () => {
    fake.setLatency(120);
    const start = Date.now();
    await get(fake, '/space');
    expect(Date.now() - start).toBeGreaterThanOrEqual(110);
    fake.setLatency(0);
  });
});

describe('authentication', () => {
  const oauth = {
    clientId: 'cid',
    clientSecret: 'secret',
    refreshToken: 'refresh-0',
    accessTokenTtlSec: 3600,
  };
  const ISSUED_TOKENS = {
    access_token: expect.any(String),
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: expect.any(String),
  };
  let fake: FakeBacklog;
  beforeAll(async () => {
    fake = await startFake({ apiKey: 'k1', accessTokens: ['static-token'], oauth });
  });

  test('missing or wrong apiKey: 401 code 11 "Authentication failure."', async () => {
    for (const reply of [
      await get(fake, '/space', {}, {}),
      await get(fake, '/space', {}, { apiKey: 'nope' }),
    ]) {
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({
        errors: [{ message: 'Authentication failure.', code: 11, moreInfo: '' }],
      });
    }
    expect((await get(fake, '/space', {}, { apiKey: 'k1' })).status).toBe(200);
  });

  test('bearer: static tokens accepted; unknown token answers 401 with WWW-Authenticate', async () => {
    expect((await get(fake, '/users/myself', {}, { bearer: 'static-token' })).status).toBe(200);
    const bad = await get(fake, '/users/myself', {}, { bearer: 'forged' });
    expectError(bad, 401, 11);
    expect(bad.headers.get('www-authenticate')).toBe(
      'Bearer error="invalid_token", error_description="The access token is invalid"',
    );
  });

  test('OAuth refresh grant issues rotating tokens; old refresh token still accepted; expiry', async () => {
    const form = { grant_type: 'refresh_token', client_id: 'cid', client_secret: 'secret' };
    const first = await postToken(fake, { ...form, refresh_token: 'refresh-0' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(ISSUED_TOKENS);
    expect(first.body.refresh_token).not.toBe('refresh-0');
    expect((await get(fake, '/space', {}, { bearer: first.body.access_token })).status).toBe(200);
    const second = await postToken(fake, { ...form, refresh_token: first.body.refresh_token });
    expect(second.status).toBe(200);
    expect(second.body.access_token).not.toBe(first.body.access_token);
    expect((await postToken(fake, { ...form, refresh_token: 'refresh-0' })).status).toBe(200);

    fake.expireAccessTokens();
    const expired = await get(fake, '/space', {}, { bearer: second.body.access_token });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe(
      'Bearer error="invalid_token", error_description="The access token expired"',
    );
  });

  test('OAuth: wrong client secret or refresh token answers 400 invalid_grant', async () => {
    const bad = [
      {
        grant_type: 'refresh_token',
        client_id: 'cid',
        client_secret: 'nope',
        refresh_token: 'refresh-0',
      },
      {
        grant_type: 'refresh_token',
        client_id: 'cid',
        client_secret: 'secret',
        refresh_token: 'nope',
      },
    ];
    for (const form of bad) {
      const reply = await postToken(fake, form);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        error: 'invalid_grant',
        error_description: 'Grant is invalid.',
      });
    }
  });

  test('OAuth strict rotation: a refresh token dies the moment its successor is issued', async () => {
    const strict = await startFake({ oauth: { ...oauth, strictRotation: true } });
    const form = { grant_type: 'refresh_token', client_id: 'cid', client_secret: 'secret' };
    const first = await postToken(strict, { ...form, refresh_token: 'refresh-0' });
    expect(first.status).toBe(200);
    expect(strict.isLiveRefreshToken('refresh-0')).toBe(false);
    expect(strict.isLiveRefreshToken(first.body.refresh_token)).toBe(true);
    expect(strict.isLiveAccessToken(first.body.access_token)).toBe(true);
    expect((await postToken(strict, { ...form, refresh_token: 'refresh-0' })).body).toEqual({
      error: 'invalid_grant',
      error_description: 'Grant is invalid.',
    });
    const second = await postToken(strict, { ...form, refresh_token: first.body.refresh_token });
    expect(second.status).toBe(200);
    expect(strict.isLiveRefreshToken(first.body.refresh_token)).toBe(false);
    expect(
      (await postToken(strict, { ...form, refresh_token: first.body.refresh_token })).status,
    ).toBe(400);
    // The lenient default keeps every refresh token ever issued.
    expect(fake.isLiveRefreshToken('refresh-0')).toBe(true);
  });

  test('OAuth consent page and authorization-code grant: one use, same redirect_uri', async () => {
    const redirectUri = 'https://airbyte.example/auth_flow';
    const consent = await fetch(
      `${fake.url}/OAuth2AccessRequest.action?${new URLSearchParams({
        response_type: 'code',
        client_id: 'cid',
        redirect_uri: redirectUri,
        state: 'st4te',
      })}`,
      { redirect: 'manual' },
    );
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('st4te');
    const code = back.searchParams.get('code') ?? '';
    const form = { grant_type: 'authorization_code', client_id: 'cid', client_secret: 'secret' };
    const elsewhere = await postToken(fake, {
      ...form,
      code,
      redirect_uri: 'https://evil.example/auth_flow',
    });
    expect(elsewhere.status).toBe(400);
    const granted = await postToken(fake, { ...form, code, redirect_uri: redirectUri });
    expect(granted.status).toBe(200);
    expect(granted.body).toEqual(ISSUED_TOKENS);
    expect(fake.isLiveAccessToken(granted.body.access_token)).toBe(true);
    expect(fake.isLiveRefreshToken(granted.body.refresh_token)).toBe(true);
    expect((await postToken(fake, { ...form, code, redirect_uri: redirectUri })).status).toBe(400);
    const wrongClient = await fetch(
      `${fake.url}/OAuth2AccessRequest.action?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(redirectUri)}`,
      { redirect: 'manual' },
    );
    expect(wrongClient.status).toBe(400);
  });

  test('an access token expires when its lifetime has passed on the real-time clock', async () => {
    let realTime = Date.parse('2025-07-01T00:00:00Z');
    const short = await startFake({
      oauth: { ...oauth, accessTokenTtlSec: 0.2 },
      realTime: () => realTime,
    });
    const token = await postToken(short, {
      grant_type: 'refresh_token',
      client_id: 'cid',
      client_secret: 'secret',
      refresh_token: 'refresh-0',
    });
    realTime += 199;
    expect((await get(short, '/space', {}, { bearer: token.body.access_token })).status).toBe(200);
    realTime += 1;
    const expired = await get(short, '/space', {}, { bearer: token.body.access_token });
    expect(expired.headers.get('www-authenticate')).toMatch(/expired/);
  });
});

describe('permissions and visibility', () => {
  test('non-admin: /users answers 403 code 5 and /projects ignores all=true', async () => {
    const fake = await startFake({ isAdmin: false, notJoinedProjectKeys: ['PRJ3'] });
    expectError(await get(fake, '/users'), 403, 5);
    expect((await get(fake, '/users/myself')).body.roleType).toBe(2);
    const projects = await get(fake, '/projects', { all: 'true' });
    expect(projects.body.map((p: { projectKey: string }) => p.projectKey)).toEqual([
      'PRJ1',
      'PRJ2',
    ]);
    expectError(await get(fake, '/projects/PRJ3'), 404, 6);
    expect((await get(fake, '/issues/count')).body.count).toBe(20);
  });

  test('admin: all=true lists projects not joined; archived filter', async () => {
    const fake = await startFake({ notJoinedProjectKeys: ['PRJ3'], archivedProjectKeys: ['PRJ2'] });
    const keys = async (params: Record<string, string>) =>
      (await get(fake, '/projects', params)).body.map((p: { projectKey: string }) => p.projectKey);
    expect(await keys({})).toEqual(['PRJ1', 'PRJ2']);
    expect(await keys({ all: 'true' })).toEqual(['PRJ1', 'PRJ2', 'PRJ3']);
    expect(await keys({ archived: 'false' })).toEqual(['PRJ1']);
    expect(await keys({ archived: 'true', all: 'true' })).toEqual(['PRJ2']);
    // issues and activities of projects the user has not joined are not listed
    expect((await get(fake, '/issues/count')).body.count).toBe(20);
    const acts = (await get(fake, '/space/activities', { count: 100 })).body;
    expect(acts.every((a: { project: { id: number } }) => a.project.id !== 1003)).toBe(true);
  });
});

describe('mutations and the activity feed', () => {
  let clock = Date.parse('2026-01-10T12:00:00.789Z');
  const now = () => new Date(clock);
  let fake: FakeBacklog;
  beforeEach(async () => {
    clock = Date.parse('2026-01-10T12:00:00.789Z');
    fake = await startFake({ now });
  });
  afterEach(async () => {
    await fake.stop();
  });
  const lastActivity = () => fake.store.activities[fake.store.activities.length - 1];

  test('updateIssue: updated = now (seconds), change comment with changeLog, activity type 2', async () => {
    const issue = fake.store.issues[2];
    const commentsBefore = fake.store.commentsOf(issue.id).length;
    const actBefore = lastActivity().id;
    fake.store.updateIssue(issue.id, { summary: 'Renamed' });
    const fetched = (await get(fake, `/issues/${issue.id}`)).body;
    expect(fetched.summary).toBe('Renamed');
    expect(fetched.updated).toBe('2026-01-10T12:00:00Z');
    expect(fetched.updatedUser.id).toBe(fake.store.myself.id);
    expectIssue(fetched);
    const comments = (await get(fake, `/issues/${issue.id}/comments`)).body;
    expect(comments).toHaveLength(commentsBefore + 1);
    const change = comments[0];
    expectComment(change);
    expect(change.content).toBe('');
    expect(change.changeLog).toEqual([
      {
        field: 'summary',
        newValue: 'Renamed',
        originalValue: expect.any(String),
        attachmentInfo: null,
        attributeInfo: null,
        notificationInfo: null,
      },
    ]);
    expect(change.id).toBeGreaterThan(
      Math.max(
        ...fake.store.comments.filter((c) => c !== fake.store.comments.at(-1)).map((c) => c.id),
      ),
    );
    const act = lastActivity();
    expect(act.id).toBe(actBefore + 1);
    expectActivity(act);
    expect(act).toMatchObject({
      type: 2,
      created: '2026-01-10T12:00:00Z',
      content: {
        id: issue.id,
        comment: { id: change.id, content: '' },
        changes: [{ field: 'summary', new_value: 'Renamed', type: 'standard' }],
      },
    });
    // without a patch some field still changes
    clock += 5000;
    fake.store.updateIssue(issue.id);
    expect(fake.store.commentsOf(issue.id).at(-1)?.changeLog).toHaveLength(1);
    expect(fake.store.findIssue(issue.id)?.updated).toBe('2026-01-10T12:00:05Z');
  });

  test('addIssue: new global id, next keyId, activity type 1, listed first by updated', async () => {
    const maxId = Math.max(...fake.store.issues.map((i) => i.id));
    const issue = fake.store.addIssue('PRJ2', { summary: 'Brand new' });
    expect(issue.id).toBe(maxId + 1);
    expect(issue.issueKey).toBe('PRJ2-11');
    expect(issue.created).toBe('2026-01-10T12:00:00Z');
    expectIssue(issue);
    expect(lastActivity()).toMatchObject({
      type: 1,
      content: { id: issue.id, key_id: 11, summary: 'Brand new' },
    });
    expect((await get(fake, '/issues', { count: 1 })).body[0].id).toBe(issue.id);
    expect((await get(fake, '/issues', { updatedSince: '2026-01-10' })).body).toHaveLength(1);
  });

  test('deleteIssue: issue and its comments disappear; activity type 4', async () => {
    const issue = fake.store.issues[5];
    fake.store.deleteIssue(issue.id);
    expectError(await get(fake, `/issues/${issue.id}`), 404, 6);
    expectError(await get(fake, `/issues/${issue.id}/comments`), 404, 6);
    expect((await get(fake, '/issues/count')).body.count).toBe(29);
    expect(fake.store.comments.some((c) => c.issueId === issue.id)).toBe(false);
    expect(lastActivity()).toMatchObject({
      type: 4,
      content: { id: issue.id, key_id: issue.keyId },
    });
    const page = (await get(fake, '/space/activities', { count: 1 })).body;
    expect(page[0].type).toBe(4);
  });

  test('addComment: new global comment id, bumps issue updated, activity type 3', async () => {
    const issue = fake.store.issues[7];
    const maxComment = Math.max(...fake.store.comments.map((c) => c.id));
    const comment = fake.store.addComment(issue.id, 'hello');
    expect(comment.id).toBe(maxComment + 1);
    expect(comment).toMatchObject({
      issueId: issue.id,
      projectId: issue.projectId,
      content: 'hello',
      created: '2026-01-10T12:00:00Z',
    });
    expect(fake.store.findIssue(issue.id)?.updated).toBe('2026-01-10T12:00:00Z');
    expect(lastActivity()).toMatchObject({
      type: 3,
      content: { id: issue.id, comment: { id: comment.id, content: 'hello' } },
    });
    const newer = await get(fake, `/issues/${issue.id}/comments`, {
      minId: maxComment,
      order: 'asc',
    });
    expect(newer.body.map((c: { id: number }) => c.id)).toEqual([comment.id]);
  });

  test('editComment: comment and parent issue updated bumped, no activity', async () => {
    const comment = fake.store.comments[3];
    const activities = fake.store.activities.length;
    clock += 61_000;
    fake.store.editComment(comment.id, 'edited');
    const fetched = (await get(fake, `/issues/${comment.issueId}/comments/${comment.id}`)).body;
    expect(fetched).toMatchObject({ content: 'edited', updated: '2026-01-10T12:01:01Z' });
    expect(fetched.created).not.toBe(fetched.updated);
    expect(fake.store.findIssue(comment.issueId)?.updated).toBe('2026-01-10T12:01:01Z');
    expect(fake.store.activities).toHaveLength(activities);
  });

  test('setIssueUpdated: exact timestamp, no activity and no comment', () => {
    const issue = fake.store.issues[1];
    const [acts, comments] = [fake.store.activities.length, fake.store.comments.length];
    fake.store.setIssueUpdated(issue.id, '2025-12-31T23:59:59Z');
    expect(issue.updated).toBe('2025-12-31T23:59:59Z');
    expect(fake.store.activities).toHaveLength(acts);
    expect(fake.store.comments).toHaveLength(comments);
    expect(() => fake.store.setIssueUpdated(issue.id, '2025-12-31')).toThrow();
  });

  test('onRequest hooks run in order and are awaited before handling (mid-sync mutation)', async () => {
    const calls: string[] = [];
    fake.onRequest(async (req) => {
      await new Promise((r) => setTimeout(r, 20));
      calls.push(`a:${req.path}`);
      if (req.query.get('offset') === '10') fake.store.addIssue('PRJ1', { summary: 'mid-sync' });
    });
    fake.onRequest((req) => {
      calls.push(`b:${req.path}`);
    });
    const page1 = await get(fake, '/issues', {
      offset: 0,
      count: 10,
      sort: 'updated',
      order: 'asc',
    });
    const page2 = await get(fake, '/issues', {
      offset: 10,
      count: 10,
      sort: 'updated',
      order: 'asc',
    });
    expect(calls).toEqual([
      'a:/api/v2/issues',
      'b:/api/v2/issues',
      'a:/api/v2/issues',
      'b:/api/v2/issues',
    ]);
    expect(page1.body).toHaveLength(10);
    expect((await get(fake, '/issues/count')).body.count).toBe(31);
    expect(page2.body.map((i: { summary: string }) => i.summary)).not.toContain('mid-sync');
  });
});
