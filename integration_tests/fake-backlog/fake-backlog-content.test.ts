/**
 * Wikis, documents, Git, shared files, teams, their activities and mutations, and the `Date`
 * header (the issue side is in fake-backlog.test.ts).
 */
import {
  FakeBacklog,
  FIRST_PULL_REQUEST_COMMENT_ID,
  FIRST_PULL_REQUEST_ID,
  FIRST_REPOSITORY_ID,
  FIRST_TEAM_ID,
  FIRST_WIKI_ID,
  type FakeBacklogOptions,
  type SharedFile,
} from './index';
import { expectError, get, ids, type Json } from './test-support';

const fakes: FakeBacklog[] = [];
async function startFake(options?: FakeBacklogOptions): Promise<FakeBacklog> {
  const fake = await FakeBacklog.start(options);
  fakes.push(fake);
  return fake;
}
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const HEX32 = /^[0-9a-f]{32}$/;
const WIKI_LIST_FIELDS = [
  'id',
  'projectId',
  'name',
  'tags',
  'createdUser',
  'created',
  'updatedUser',
  'updated',
];
const WIKI_FIELDS = [...WIKI_LIST_FIELDS, 'content', 'attachments', 'sharedFiles', 'stars'];
const DOCUMENT_FIELDS = [
  'id',
  'projectId',
  'title',
  'plain',
  'json',
  'statusId',
  'emoji',
  'attachments',
  'tags',
  'createdUser',
  'created',
  'updatedUser',
  'updated',
];
const REPOSITORY_FIELDS = [
  'id',
  'projectId',
  'name',
  'description',
  'hookUrl',
  'httpUrl',
  'sshUrl',
  'displayOrder',
  'pushedAt',
  'createdUser',
  'created',
  'updatedUser',
  'updated',
];
const PULL_REQUEST_FIELDS = [
  'id',
  'projectId',
  'repositoryId',
  'number',
  'summary',
  'description',
  'base',
  'branch',
  'status',
  'assignee',
  'issue',
  'baseCommit',
  'branchCommit',
  'mergeCommit',
  'closeAt',
  'mergeAt',
  'createdUser',
  'created',
  'updatedUser',
  'updated',
  'attachments',
  'stars',
];
const PR_COMMENT_FIELDS = [
  'id',
  'content',
  'changeLog',
  'createdUser',
  'created',
  'updated',
  'stars',
  'notifications',
];
const SHARED_FILE_FIELDS = [
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
];
const TEAM_FIELDS = [
  'id',
  'name',
  'members',
  'displayOrder',
  'createdUser',
  'created',
  'updatedUser',
  'updated',
];

/** Exactly these keys (order-insensitive). */
function expectKeys(record: object, fields: string[]): void {
  expect(Object.keys(record).sort()).toEqual([...fields].sort());
}
function expectTimes(record: { created: string; updated: string | null }): void {
  expect(record.created).toMatch(ISO);
  expect(record.created >= '2024-01-01T00:00:00Z').toBe(true);
  if (record.updated !== null) {
    expect(record.updated).toMatch(ISO);
    expect(record.updated >= record.created).toBe(true);
    expect(record.updated <= '2025-06-30T23:59:59Z').toBe(true);
  }
}
function ascending<T>(values: T[]): boolean {
  return values.every((v, i) => i === 0 || values[i - 1] <= v);
}
function hasTie<T>(items: T[], key: (x: T) => string, group: (x: T) => unknown): boolean {
  const seen = new Set<string>();
  return items.some((x) => {
    const k = `${String(group(x))}|${key(x)}`;
    if (seen.has(k)) return true;
    seen.add(k);
    return false;
  });
}
const filesPath = (project: string, ...segments: string[]) =>
  `/projects/${project}/files/metadata/${segments.map(encodeURIComponent).join('/')}`;

describe('seeded content (defaults)', () => {
  let fake: FakeBacklog;
  beforeAll(async () => {
    fake = await startFake();
  });

  test('small defaults: 2 wikis, 2 documents, 1 repository with 3 PRs of 2 comments, 2 teams', () => {
    const { store } = fake;
    expect(store.wikis).toHaveLength(6);
    expect(store.documents).toHaveLength(6);
    expect(store.repositories.map((r) => [r.id, r.projectId, r.name])).toEqual([
      [FIRST_REPOSITORY_ID, 1001, 'app'],
      [FIRST_REPOSITORY_ID + 1, 1002, 'app'],
      [FIRST_REPOSITORY_ID + 2, 1003, 'app'],
    ]);
    expect(store.pullRequests).toHaveLength(9);
    expect(store.pullRequestComments).toHaveLength(18);
    expect(store.teams.map((t) => t.id)).toEqual([FIRST_TEAM_ID, FIRST_TEAM_ID + 1]);
    expect(store.wikis[0].id).toBe(FIRST_WIKI_ID);
    expect(store.pullRequests[0].id).toBe(FIRST_PULL_REQUEST_ID);
    expect(store.pullRequestComments[0].id).toBe(FIRST_PULL_REQUEST_COMMENT_ID);
    // per project: 2 files in each of /, /docs/, /docs/specs/, /docs/specs/2024 議事録/, /デザイン 資料/
    const prj1 = store.sharedFiles.filter((f) => f.projectId === 1001);
    expect(prj1.filter((f) => f.type === 'file')).toHaveLength(10);
    expect(prj1.filter((f) => f.type === 'directory').map((f) => f.dir + f.name)).toEqual([
      '/docs',
      '/docs/specs',
      '/docs/specs/2024 議事録',
      '/デザイン 資料',
    ]);
  });

  test('every record has the fields of notes §6 and timestamps in the seed window', () => {
    const { store } = fake;
    for (const w of store.wikis) {
      expectKeys(w, WIKI_FIELDS);
      expectTimes(w);
      for (const a of w.attachments)
        expectKeys(a, ['id', 'name', 'size', 'createdUser', 'created']);
      for (const f of w.sharedFiles) expectKeys(f, SHARED_FILE_FIELDS);
    }
    for (const d of store.documents) {
      expectKeys(d, DOCUMENT_FIELDS);
      expectTimes(d);
      expect(d.id).toMatch(HEX32);
      expect(JSON.parse(d.json)).toMatchObject({ type: 'doc' });
    }
    for (const r of store.repositories) {
      expectKeys(r, REPOSITORY_FIELDS);
      expectTimes(r);
    }
    for (const p of store.pullRequests) {
      expectKeys(p, PULL_REQUEST_FIELDS);
      expectTimes(p);
      expect([1, 2, 3]).toContain(p.status.id);
      expect(p.closeAt === null).toBe(p.status.id === 1);
      expect(p.mergeAt === null).toBe(p.status.id !== 3);
    }
    for (const c of store.pullRequestComments) {
      expectKeys(c, PR_COMMENT_FIELDS);
      expectTimes(c);
      for (const e of c.changeLog) expectKeys(e, ['field', 'newValue', 'originalValue']);
    }
    for (const f of store.sharedFiles) {
      expectKeys(f, SHARED_FILE_FIELDS);
      expectTimes(f);
      expect(f.dir).toMatch(/^\/(.+\/)?$/);
      expect(f.size === null).toBe(f.type === 'directory');
    }
    for (const t of store.teams) {
      expectKeys(t, TEAM_FIELDS);
      expectTimes(t);
    }
    // variety the connector must cope with
    expect(store.sharedFiles.some((f) => f.updatedUser === null)).toBe(true);
    expect(store.sharedFiles.some((f) => f.updatedUser !== null)).toBe(true);
    expect(store.documents.some((d) => d.emoji === null)).toBe(true);
    expect(store.pullRequests.some((p) => p.assignee === null || p.issue === null)).toBe(true);
    expect(store.teams.some((t) => t.displayOrder === null)).toBe(true);
  });

  test('ids follow creation order; PR numbers count per repository; PR updated = last comment', () => {
    const { store } = fake;
    for (const list of [store.wikis, store.pullRequests, store.pullRequestComments, store.teams]) {
      const byCreated = [...list].sort((a, b) => a.created.localeCompare(b.created) || a.id - b.id);
      expect(byCreated.map((x) => x.id)).toEqual(list.map((x) => x.id).sort((a, b) => a - b));
    }
    const sharedByCreated = [...store.sharedFiles]
      .filter(
        (f) => f.id > Math.max(...store.issues.flatMap((i) => i.sharedFiles.map((s) => s.id))),
      )
      .sort((a, b) => a.created.localeCompare(b.created) || a.id - b.id);
    expect(ascending(sharedByCreated.map((f) => f.id))).toBe(true);
    // document ids sort like their creation time (UUIDv7 layout)
    const docs = [...store.documents].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(ascending(docs.map((d) => d.created))).toBe(true);
    for (const repo of store.repositories) {
      const numbers = store.pullRequests.filter((p) => p.repositoryId === repo.id);
      expect(numbers.map((p) => p.number)).toEqual([1, 2, 3]);
      expect(repo.pushedAt).toBe(numbers[2].created);
    }
    for (const pr of store.pullRequests) {
      const comments = store.pullRequestCommentsOf(pr.id);
      expect(comments).toHaveLength(2);
      expect(comments.at(-1)?.created).toBe(pr.updated);
      for (const c of comments) expect(c.created > pr.created).toBe(true);
      if (pr.status.id !== 1) {
        expect(comments.at(-1)?.changeLog).toEqual([
          { field: 'status', newValue: String(pr.status.id), originalValue: '1' },
        ]);
        expect(pr.closeAt).toBe(pr.updated);
      }
    }
  });

  test('same-second ties among wiki pages, documents (updated and created) and pull requests', () => {
    const { store } = fake;
    expect(
      hasTie(
        store.wikis,
        (w) => w.updated,
        (w) => w.projectId,
      ),
    ).toBe(true);
    expect(
      hasTie(
        store.documents,
        (d) => d.updated,
        () => 0,
      ),
    ).toBe(true);
    expect(
      hasTie(
        store.documents,
        (d) => d.created,
        () => 0,
      ),
    ).toBe(true);
    expect(
      hasTie(
        store.pullRequests,
        (p) => p.updated,
        (p) => p.repositoryId,
      ),
    ).toBe(true);
  });

  test('documents: every k % 3 === 1 document is a child of the one before it in its project', () => {
    const { store } = fake;
    for (const projectId of [1001, 1002, 1003]) {
      const [parent, child] = store.documents.filter((d) => d.projectId === projectId);
      expect(store.documentParentId(child.id)).toBe(parent.id);
      expect(store.childDocumentIds(parent.id)).toEqual([child.id]);
      expect(store.documentParentId(parent.id)).toBeNull();
    }
  });

  test('activities: new kinds merged into the feed in time order, ids ascending', () => {
    const { store } = fake;
    const acts = store.activities;
    expect(ascending(acts.map((a) => a.created))).toBe(true);
    expect(ascending(acts.map((a) => a.id))).toBe(true);
    const count = (type: number) => acts.filter((a) => a.type === type).length;
    expect(count(5)).toBe(6);
    expect(count(6)).toBe(store.wikis.filter((w) => w.updated !== w.created).length);
    expect(count(8)).toBe(store.sharedFiles.filter((f) => f.type === 'file').length);
    expect(count(9)).toBe(store.sharedFiles.filter((f) => f.updatedUser !== null).length);
    expect(count(13)).toBe(3);
    expect(count(18)).toBe(9);
    expect(count(19)).toBe(store.pullRequests.filter((p) => p.status.id !== 1).length);
    expect(count(19) + count(20)).toBe(18);
    expect(count(36)).toBe(6);
    const byType = (type: number) => acts.find((a) => a.type === type)?.content as Json;
    expect(Object.keys(byType(5)).sort()).toEqual(
      ['attachments', 'content', 'diff', 'id', 'name', 'shared_files', 'version'].sort(),
    );
    expect(Object.keys(byType(8)).sort()).toEqual(['dir', 'id', 'name', 'size']);
    expect(byType(13)).toEqual({
      repository: { id: expect.any(Number), name: 'app', description: '' },
    });
    expect(byType(18)).toMatchObject({
      number: expect.any(Number),
      comment: null,
      changes: [],
      repository: { id: expect.any(Number), name: 'app' },
    });
    expect(byType(19).changes).toEqual([
      { field: 'status', new_value: expect.stringMatching(/^[23]$/), old_value: '1' },
    ]);
    expect(byType(20).comment).toEqual({ id: expect.any(Number), content: expect.any(String) });
    expect(byType(36)).toEqual({ id: expect.stringMatching(HEX32), title: expect.any(String) });
    for (const a of acts.filter((x) => x.type === 20)) {
      const prId = store.pullRequestIdOfComment((a.content.comment as { id: number }).id);
      expect(prId).toBe(a.content.id);
    }
  });

  test('same seed, same content; new options leave issues, comments and users unchanged', async () => {
    const again = await startFake();
    expect(JSON.stringify(again.store.pullRequests)).toBe(JSON.stringify(fake.store.pullRequests));
    expect(JSON.stringify(again.store.documents)).toBe(JSON.stringify(fake.store.documents));
    const bigger = await startFake({
      wikisPerProject: 7,
      documentsPerProject: 5,
      repositoriesPerProject: 2,
      pullRequestsPerRepository: 6,
      commentsPerPullRequest: 4,
      teams: 6,
      sharedFilesPerDirectory: 5,
      sharedFileDepth: 5,
    });
    expect(JSON.stringify(bigger.store.issues)).toBe(JSON.stringify(fake.store.issues));
    expect(JSON.stringify(bigger.store.comments)).toBe(JSON.stringify(fake.store.comments));
    expect(bigger.store.wikis).toHaveLength(21);
    expect(bigger.store.teams).toHaveLength(6);
    expect(bigger.store.pullRequestComments).toHaveLength(3 * 2 * 6 * 4);
    const issueActs = (f: FakeBacklog) =>
      f.store.activities.filter((a) => a.type <= 4).map((a) => [a.type, a.content.id, a.created]);
    expect(issueActs(bigger)).toEqual(issueActs(fake));
    await again.stop();
    await bigger.stop();
  });
});

describe('wikis', () => {
  let fake: FakeBacklog;
  beforeAll(async () => {
    fake = await startFake({ wikisPerProject: 30, notJoinedProjectKeys: ['PRJ3'] });
  });

  test('GET /wikis: every page of the project at once, list shape only, by name', async () => {
    const reply = await get(fake, '/wikis', { projectIdOrKey: 'PRJ1' });
    expect(reply.status).toBe(200);
    expect(reply.body).toHaveLength(30);
    for (const item of reply.body) {
      expectKeys(item, WIKI_LIST_FIELDS);
      expect(item.projectId).toBe(1001);
      for (const tag of item.tags) expectKeys(tag, ['id', 'name']);
    }
    const names = reply.body.map((w: { name: string }) => w.name);
    expect(names).toEqual([...names].sort());
    expect(ids(await get(fake, '/wikis', { projectIdOrKey: 1001 }))).toEqual(ids(reply));
    expect((await get(fake, '/wikis/count', { projectIdOrKey: 'PRJ1' })).body).toEqual({
      count: 30,
    });
  });

  test('keyword filters on name and content (case-insensitive)', async () => {
    const reply = await get(fake, '/wikis', { projectIdOrKey: 'PRJ2', keyword: '議事録' });
    expect(reply.body.length).toBeGreaterThan(0);
    expect(reply.body.length).toBeLessThan(30);
    const home = await get(fake, '/wikis', { projectIdOrKey: 'PRJ2', keyword: 'HOME' });
    expect(home.body.map((w: { name: string }) => w.name)).toEqual(['Home']);
  });

  test('missing projectIdOrKey: 400 code 7; unknown or not joined project: 404 "No project."', async () => {
    expectError(await get(fake, '/wikis'), 400, 7);
    expectError(await get(fake, '/wikis/count'), 400, 7);
    for (const key of ['NOPE', 'PRJ3']) {
      const reply = await get(fake, '/wikis', { projectIdOrKey: key });
      expectError(reply, 404, 6);
      expect(reply.body.errors[0].message).toBe('No project.');
    }
  });

  test('GET /wikis/:wikiId: the full page; 404 "No wiki." for unknown or other ids', async () => {
    const page = fake.store.wikis.find((w) => w.projectId === 1001 && w.sharedFiles.length > 0);
    const reply = await get(fake, `/wikis/${page?.id}`);
    expectKeys(reply.body, WIKI_FIELDS);
    expect(reply.body).toEqual(JSON.parse(JSON.stringify(page)));
    for (const bad of ['999999', 'history', 'abc']) {
      const missing = await get(fake, `/wikis/${bad}`);
      expectError(missing, 404, 6);
      expect(missing.body.errors[0].message).toBe('No wiki.');
    }
    const hidden = fake.store.wikis.find((w) => w.projectId === 1003);
    expectError(await get(fake, `/wikis/${hidden?.id}`), 404, 6);
  });

  test('buckets: /wikis and /wikis/count are search, /wikis/:id is read', async () => {
    fake.resetRequestLog();
    await get(fake, '/wikis', { projectIdOrKey: 'PRJ1' });
    await get(fake, '/wikis/count', { projectIdOrKey: 'PRJ1' });
    await get(fake, `/wikis/${fake.store.wikis[0].id}`);
    expect(fake.requests.map((r) => r.bucket)).toEqual(['search', 'search', 'read']);
  });

  test('wiki off (featuresOffProjectKeys): [] and count 0; pages of it 404', async () => {
    const off = await startFake({ featuresOffProjectKeys: ['PRJ2'] });
    const prj2 = off.store.findProject('PRJ2');
    expect(prj2).toMatchObject({ useWiki: false, useDocument: false, useGit: false });
    expect(prj2?.useFileSharing).toBe(false);
    expect((await get(off, '/wikis', { projectIdOrKey: 'PRJ2' })).body).toEqual([]);
    expect((await get(off, '/wikis/count', { projectIdOrKey: 'PRJ2' })).body).toEqual({ count: 0 });
    expect((await get(off, '/wikis', { projectIdOrKey: 'PRJ1' })).body).toHaveLength(2);
    // flipping the flag later hides the pages that exist
    const prj1 = off.store.findProject('PRJ1');
    if (prj1) prj1.useWiki = false;
    expect((await get(off, '/wikis', { projectIdOrKey: 'PRJ1' })).body).toEqual([]);
    expectError(await get(off, `/wikis/${off.store.wikis[0].id}`), 404, 6);
  });
});

describe('documents', () => {
  let fake: FakeBacklog;
  beforeAll(async () => {
    fake = await startFake({ documentsPerProject: 20, notJoinedProjectKeys: ['PRJ3'] });
  });

  test('offset is required: 400 code 7; count 1..100; sort created|updated; order asc|desc', async () => {
    const missing = await get(fake, '/documents');
    expectError(missing, 400, 7);
    expect(missing.body.errors[0].message).toBe('offset is required');
    expectError(await get(fake, '/documents', { offset: 0, count: 0 }), 400, 7);
    expectError(await get(fake, '/documents', { offset: 0, count: 101 }), 400, 7);
    expectError(await get(fake, '/documents', { offset: -1 }), 400, 7);
    expectError(await get(fake, '/documents', { offset: 0, sort: 'title' }), 400, 7);
    expectError(await get(fake, '/documents', { offset: 0, order: 'up' }), 400, 7);
    expect((await get(fake, '/documents', { offset: 0 })).body).toHaveLength(20);
  });

  test('only joined projects; default sort created desc, ties by id desc; asc is the reverse', async () => {
    const desc = (await get(fake, '/documents', { offset: 0, count: 100 })).body as Json[];
    expect(desc).toHaveLength(40);
    expect(desc.every((d) => d.projectId !== 1003)).toBe(true);
    for (const d of desc) {
      expectKeys(d, DOCUMENT_FIELDS);
      expect(d.id).toMatch(HEX32);
    }
    for (let k = 1; k < desc.length; k++) {
      const [a, b] = [desc[k - 1], desc[k]];
      expect(a.created > b.created || (a.created === b.created && a.id > b.id)).toBe(true);
    }
    const asc = await get(fake, '/documents', { offset: 0, count: 100, order: 'asc' });
    expect(ids(asc)).toEqual(desc.map((d) => d.id).reverse());
    const byUpdated = (await get(fake, '/documents', { offset: 0, count: 100, sort: 'updated' }))
      .body as Json[];
    for (let k = 1; k < byUpdated.length; k++) {
      const [a, b] = [byUpdated[k - 1], byUpdated[k]];
      expect(a.updated > b.updated || (a.updated === b.updated && a.id > b.id)).toBe(true);
    }
    expect(
      hasTie(
        byUpdated,
        (d) => d.updated,
        () => 0,
      ),
    ).toBe(true);
  });

  test('offset paging covers every document once; /documents/count', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 7) {
      const page = await get(fake, '/documents', {
        offset,
        count: 7,
        sort: 'updated',
        order: 'asc',
      });
      seen.push(...(ids(page) as string[]));
      if (page.body.length < 7) break;
    }
    expect(new Set(seen).size).toBe(40);
    expect((await get(fake, '/documents/count')).body).toEqual({ count: 40 });
  });

  test('projectId[] and keyword filters (count too); not-joined ids give nothing', async () => {
    const prj2 = await get(fake, '/documents', { offset: 0, count: 100, 'projectId[]': 1002 });
    expect(prj2.body).toHaveLength(20);
    expect(prj2.body.every((d: { projectId: number }) => d.projectId === 1002)).toBe(true);
    expect((await get(fake, '/documents/count', { 'projectId[]': [1001, 1003] })).body).toEqual({
      count: 20,
    });
    const keyword = await get(fake, '/documents', { offset: 0, count: 100, keyword: '設計' });
    expect(keyword.body.length).toBeGreaterThan(0);
    expect(keyword.body.every((d: { title: string }) => d.title.includes('設計'))).toBe(true);
    expectError(await get(fake, '/documents', { offset: 0, 'projectId[]': 'PRJ1' }), 400, 7);
  });

  test('GET /documents/:id adds childDocumentIds (the list never does); 404 "No document."', async () => {
    const parent = fake.store.documents.find(
      (d) => d.projectId === 1001 && fake.store.childDocumentIds(d.id).length > 0,
    );
    const reply = await get(fake, `/documents/${parent?.id}`);
    expectKeys(reply.body, [...DOCUMENT_FIELDS, 'childDocumentIds']);
    expect(reply.body.childDocumentIds).toEqual(fake.store.childDocumentIds(parent?.id ?? ''));
    const child = await get(fake, `/documents/${reply.body.childDocumentIds[0]}`);
    expect(child.body.childDocumentIds).toEqual([]);
    for (const bad of ['0'.repeat(32), 'nope']) {
      const missing = await get(fake, `/documents/${bad}`);
      expectError(missing, 404, 6);
      expect(missing.body.errors[0].message).toBe('No document.');
    }
    const hidden = fake.store.documents.find((d) => d.projectId === 1003);
    expectError(await get(fake, `/documents/${hidden?.id}`), 404, 6);
    fake.resetRequestLog();
    await get(fake, '/documents', { offset: 0 });
    expect(fake.requests[0].bucket).toBe('read');
  });
});

describe('git repositories, pull requests and their comments', () => {
  let fake: FakeBacklog;
  const base = '/projects/PRJ1/git/repositories';
  beforeAll(async () => {
    fake = await startFake({
      repositoriesPerProject: 2,
      pullRequestsPerRepository: 45,
      commentsPerPullRequest: 3,
      featuresOffProjectKeys: ['PRJ3'],
    });
  });

  test('repositories of a project; one by id or name; 404 "No repository."', async () => {
    const list = await get(fake, base);
    expect(list.body.map((r: { name: string }) => r.name)).toEqual(['app', 'api-server']);
    list.body.forEach((r: object) => expectKeys(r, REPOSITORY_FIELDS));
    const app = list.body[0];
    expect(app.httpUrl).toBe('https://fakespace.backlog.com/git/PRJ1/app.git');
    expect((await get(fake, `${base}/app`)).body).toEqual(app);
    expect((await get(fake, `${base}/${app.id}`)).body).toEqual(app);
    const missing = await get(fake, `${base}/nope`);
    expectError(missing, 404, 6);
    expect(missing.body.errors[0].message).toBe('No repository.');
    expectError(await get(fake, '/projects/PRJ2/git/repositories/' + app.id), 404, 6);
    expect((await get(fake, '/projects/PRJ3/git/repositories')).body).toEqual([]);
    expectError(await get(fake, '/projects/PRJ3/git/repositories/app/pullRequests'), 404, 6);
    expectError(await get(fake, '/projects/NOPE/git/repositories'), 404, 6);
  });

  test('pull requests: always number desc, offset/count 1..100 (default 20); no sort', async () => {
    const first = await get(fake, `${base}/app/pullRequests`);
    expect(first.body.map((p: { number: number }) => p.number)).toEqual(
      Array.from({ length: 20 }, (_v, i) => 45 - i),
    );
    first.body.forEach((p: object) => expectKeys(p, PULL_REQUEST_FIELDS));
    expect(
      first.body.filter((p: Json) => p.issue).every((p: Json) => Object.keys(p.issue).length === 1),
    ).toBe(true);
    const sorted = await get(fake, `${base}/app/pullRequests`, { sort: 'updated', order: 'asc' });
    expect(ids(sorted)).toEqual(ids(first));
    const seen: number[] = [];
    for (let offset = 0; ; offset += 20) {
      const page = await get(fake, `${base}/app/pullRequests`, { offset, count: 20 });
      seen.push(...page.body.map((p: { number: number }) => p.number));
      if (page.body.length < 20) break;
    }
    expect(seen).toEqual(Array.from({ length: 45 }, (_v, i) => 45 - i));
    expect((await get(fake, `${base}/app/pullRequests`, { count: 100 })).body).toHaveLength(45);
    expectError(await get(fake, `${base}/app/pullRequests`, { count: 101 }), 400, 7);
    expectError(await get(fake, `${base}/app/pullRequests`, { count: 0 }), 400, 7);
    expect((await get(fake, `${base}/app/pullRequests/count`)).body).toEqual({ count: 45 });
  });

  test('filters statusId[], assigneeId[], issueId[], createdUserId[] (list and count)', async () => {
    const all = fake.store.pullRequests.filter(
      (p) => p.repositoryId === fake.store.findRepository('PRJ1', 'app')?.id,
    );
    const check = async (params: Record<string, Array<number>>, keep: (p: Json) => boolean) => {
      const expected = all.filter(keep).map((p) => p.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(45);
      const reply = await get(fake, `${base}/app/pullRequests`, { ...params, count: 100 });
      expect([...ids(reply)].sort()).toEqual([...expected].sort());
      const count = await get(fake, `${base}/app/pullRequests/count`, params);
      expect(count.body.count).toBe(expected.length);
    };
    await check({ 'statusId[]': [2, 3] }, (p) => p.status.id !== 1);
    const assignee = all.find((p) => p.assignee)?.assignee?.id as number;
    await check({ 'assigneeId[]': [assignee] }, (p) => p.assignee?.id === assignee);
    const issue = all.find((p) => p.issue)?.issue?.id as number;
    await check({ 'issueId[]': [issue] }, (p) => p.issue?.id === issue);
    const creator = all[0].createdUser.id;
    await check({ 'createdUserId[]': [creator] }, (p) => p.createdUser.id === creator);
  });

  test('GET .../pullRequests/:number: the full linked Issue; 404 "No pull request."', async () => {
    const pr = fake.store.pullRequests.find((p) => p.projectId === 1001 && p.issue !== null);
    const repo = fake.store.repositories.find((r) => r.id === pr?.repositoryId);
    const reply = await get(fake, `${base}/${repo?.name}/pullRequests/${pr?.number}`);
    expect(reply.body.id).toBe(pr?.id);
    expect(reply.body.issue).toEqual(
      JSON.parse(JSON.stringify(fake.store.findIssue(pr?.issue?.id ?? 0))),
    );
    const missing = await get(fake, `${base}/app/pullRequests/999`);
    expectError(missing, 404, 6);
    expect(missing.body.errors[0].message).toBe('No pull request.');
  });

  test('PR comments: keyset paging like issue comments; /comments/count', async () => {
    const pr = fake.store.pullRequests.find((p) => p.projectId === 1001) as Json;
    const path = `${base}/app/pullRequests/${pr.number}/comments`;
    const all = fake.store.pullRequestCommentsOf(pr.id).map((c) => c.id);
    expect(all).toHaveLength(3);
    const latest = await get(fake, path);
    expect(ids(latest)).toEqual([...all].reverse());
    latest.body.forEach((c: object) => expectKeys(c, PR_COMMENT_FIELDS));
    expect(ids(await get(fake, path, { minId: all[0], order: 'asc' }))).toEqual(all.slice(1));
    expect(ids(await get(fake, path, { maxId: all[2], count: 1 }))).toEqual([all[1]]);
    expectError(await get(fake, path, { count: 101 }), 400, 7);
    expect((await get(fake, `${path}/count`)).body).toEqual({ count: 3 });
    expectError(await get(fake, `${base}/app/pullRequests/999/comments`), 404, 6);
  });
});

describe('shared files', () => {
  let fake: FakeBacklog;
  beforeAll(async () => {
    fake = await startFake({
      sharedFilesForDirectory: { '/docs/': 150 },
      sharedFileDepth: 4,
      featuresOffProjectKeys: ['PRJ3'],
    });
  });
  const entries = (reply: { body: Json[] }) =>
    reply.body.map((f: SharedFile) => `${f.type[0]}:${f.dir}${f.name}`);

  test('root: files and directories directly in it, order by id desc (default)', async () => {
    const root = await get(fake, filesPath('PRJ1'));
    expect(entries(root).sort()).toEqual([
      'd:/docs',
      'd:/デザイン 資料',
      'f:/report 1.pdf',
      'f:/仕様書 2.docx',
    ]);
    expect(ascending([...ids(root)].reverse())).toBe(true);
    root.body.forEach((f: object) => expectKeys(f, SHARED_FILE_FIELDS));
    expect(root.body.find((f: SharedFile) => f.type === 'directory').size).toBeNull();
    const asc = await get(fake, filesPath('PRJ1'), { order: 'asc' });
    expect(ids(asc)).toEqual([...ids(root)].reverse());
    // the root also answers without the trailing slash
    expect(ids(await get(fake, '/projects/PRJ1/files/metadata'))).toEqual(ids(root));
  });

  test('nested, space and non-ASCII names, percent-encoded; depth option', async () => {
    const deep = await get(fake, filesPath('PRJ1', 'docs', 'specs', '2024 議事録'));
    expect(deep.status).toBe(200);
    expect(entries(deep).sort()).toEqual([
      'd:/docs/specs/2024 議事録/old drafts',
      'f:/docs/specs/2024 議事録/report 1.pdf',
      'f:/docs/specs/2024 議事録/仕様書 2.docx',
    ]);
    const deepest = await get(
      fake,
      filesPath('PRJ1', 'docs', 'specs', '2024 議事録', 'old drafts'),
    );
    expect(
      deepest.body.every((f: SharedFile) => f.dir === '/docs/specs/2024 議事録/old drafts/'),
    ).toBe(true);
    const side = await get(fake, filesPath('PRJ2', 'デザイン 資料'));
    expect(
      side.body.every((f: SharedFile) => f.dir === '/デザイン 資料/' && f.projectId === 1002),
    ).toBe(true);
    expect(side.body).toHaveLength(2);
  });

  test('a directory of 150 entries: count 1..100 (default 20) with offset', async () => {
    const path = filesPath('PRJ1', 'docs');
    expect((await get(fake, path)).body).toHaveLength(20);
    const first = await get(fake, path, { count: 100, order: 'asc' });
    const second = await get(fake, path, { count: 100, offset: 100, order: 'asc' });
    expect(first.body).toHaveLength(100);
    expect(second.body).toHaveLength(51); // 150 files and the 'specs' directory
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(151);
    expectError(await get(fake, path, { count: 101 }), 400, 7);
  });

  test('walking the tree from the root visits every entry of the project once', async () => {
    const seen: number[] = [];
    const walk = async (segments: string[]): Promise<void> => {
      for (let offset = 0; ; offset += 100) {
        const page = await get(fake, filesPath('PRJ2', ...segments), { offset, count: 100 });
        expect(page.status).toBe(200);
        for (const f of page.body as SharedFile[]) {
          seen.push(f.id);
          expect(f.dir).toBe(segments.length ? `/${segments.join('/')}/` : '/');
          if (f.type === 'directory') await walk([...segments, f.name]);
        }
        if (page.body.length < 100) break;
      }
    };
    await walk([]);
    const expected = fake.store.sharedFiles.filter((f) => f.projectId === 1002).map((f) => f.id);
    expect(seen.sort()).toEqual(expected.sort());
    expect(Math.max(...fake.store.sharedFiles.map((f) => f.dir.split('/').length - 2))).toBe(4);
  });

  test('404 code 6 "No such directory." for missing directories or files; [] with sharing off', async () => {
    for (const segments of [['nope'], ['docs', 'nope'], ['report 1.pdf']]) {
      const reply = await get(fake, filesPath('PRJ1', ...segments));
      expectError(reply, 404, 6);
      expect(reply.body.errors[0].message).toBe('No such directory.');
    }
    expectError(await get(fake, '/projects/PRJ1/files/metadata/%E0%A4%A'), 404, 6);
    expect((await get(fake, filesPath('PRJ3'))).body).toEqual([]);
    expect((await get(fake, filesPath('PRJ3', 'docs'))).body).toEqual([]);
    expectError(await get(fake, filesPath('NOPE')), 404, 6);
    fake.resetRequestLog();
    await get(fake, filesPath('PRJ1', 'docs'));
    expect(fake.requests[0].bucket).toBe('read');
  });
});

describe('teams', () => {
  test('administrators: offset/count, order by id (default desc); one team; 404 "No team."', async () => {
    const fake = await startFake({ teams: 25 });
    const first = await get(fake, '/teams');
    expect(first.body).toHaveLength(20);
    first.body.forEach((t: object) => expectKeys(t, TEAM_FIELDS));
    const all = fake.store.teams.map((t) => t.id);
    expect(ids(first)).toEqual([...all].reverse().slice(0, 20));
    const asc = await get(fake, '/teams', { order: 'asc', offset: 20, count: 100 });
    expect(ids(asc)).toEqual(all.slice(20));
    expectError(await get(fake, '/teams', { count: 101 }), 400, 7);
    const team = await get(fake, `/teams/${all[1]}`);
    expect(team.body).toEqual(JSON.parse(JSON.stringify(fake.store.teams[1])));
    expect(team.body.members.length).toBeGreaterThan(0);
    const missing = await get(fake, '/teams/1');
    expectError(missing, 404, 6);
    expect(missing.body.errors[0].message).toBe('No team.');
    const icon = await fetch(`${fake.url}/api/v2/teams/${all[0]}/icon?apiKey=test-api-key`);
    expect(icon.headers.get('x-ratelimit-limit')).toBe('60');
  });

  test('non-admin: GET /teams answers 403 code 5', async () => {
    const fake = await startFake({ isAdmin: false });
    expectError(await get(fake, '/teams'), 403, 5);
  });
});

describe('content mutations', () => {
  let clock = Date.parse('2026-02-03T04:05:06.700Z');
  const now = () => new Date(clock);
  let fake: FakeBacklog;
  const NOW = '2026-02-03T04:05:06Z';
  beforeEach(async () => {
    clock = Date.parse('2026-02-03T04:05:06.700Z');
    fake = await startFake({ now });
  });
  afterEach(async () => {
    await fake.stop();
  });
  const last = () => fake.store.activities[fake.store.activities.length - 1];

  test('addWiki, updateWiki, deleteWiki: activities 5, 6, 7 and what the API answers', async () => {
    const page = fake.store.addWiki('PRJ2', { name: 'Runbook', content: 'steps' });
    expect(page).toMatchObject({ projectId: 1002, created: NOW, updated: NOW });
    expect(page.id).toBe(FIRST_WIKI_ID + 6);
    expect(last()).toMatchObject({ type: 5, content: { id: page.id, name: 'Runbook' } });
    clock += 61_000;
    fake.store.updateWiki(page.id);
    const full = (await get(fake, `/wikis/${page.id}`)).body;
    expect(full).toMatchObject({ content: 'steps\nEdited.', updated: '2026-02-03T04:06:07Z' });
    expect(full.updatedUser.id).toBe(fake.store.myself.id);
    expect(last()).toMatchObject({ type: 6, created: '2026-02-03T04:06:07Z' });
    expect((await get(fake, '/wikis/count', { projectIdOrKey: 'PRJ2' })).body.count).toBe(3);
    fake.store.deleteWiki(page.id);
    expectError(await get(fake, `/wikis/${page.id}`), 404, 6);
    expect(fake.store.deletedWikiIds.has(page.id)).toBe(true);
    expect(last()).toMatchObject({ type: 7, content: { id: page.id } });
    expect((await get(fake, '/wikis/count', { projectIdOrKey: 'PRJ2' })).body.count).toBe(2);
  });

  test('documents: add under a parent (36), edit (no activity unless the title changes: 38), delete (37)', async () => {
    const parent = fake.store.documents[0];
    const doc = fake.store.addDocument(parent.projectId, {
      title: 'Child',
      plain: 'hello',
      parentId: parent.id,
    });
    expect(doc.id).toMatch(HEX32);
    expect(doc.id > parent.id).toBe(true);
    expect(doc).toMatchObject({ created: NOW, updated: NOW, plain: 'hello' });
    expect(JSON.parse(doc.json).content[0].content[0].text).toBe('hello');
    expect(last()).toMatchObject({ type: 36, content: { id: doc.id, title: 'Child' } });
    expect((await get(fake, `/documents/${parent.id}`)).body.childDocumentIds).toContain(doc.id);
    const newest = await get(fake, '/documents', { offset: 0, count: 1 });
    expect(ids(newest)).toEqual([doc.id]);

    const acts = fake.store.activities.length;
    clock += 5000;
    fake.store.updateDocument(doc.id);
    expect(fake.store.findDocument(doc.id)).toMatchObject({
      plain: 'hello\nEdited.',
      updated: '2026-02-03T04:05:11Z',
    });
    expect(fake.store.activities).toHaveLength(acts);
    fake.store.updateDocument(doc.id, { title: 'Renamed' });
    expect(last()).toMatchObject({ type: 38, content: { id: doc.id, title: 'Renamed' } });
    const byUpdated = await get(fake, '/documents', { offset: 0, count: 1, sort: 'updated' });
    expect(ids(byUpdated)).toEqual([doc.id]);

    const grandchild = fake.store.addDocument(parent.projectId, { parentId: doc.id });
    fake.store.deleteDocument(doc.id);
    expect(last()).toMatchObject({ type: 37, content: { id: doc.id } });
    expectError(await get(fake, `/documents/${doc.id}`), 404, 6);
    expect(fake.store.documentParentId(grandchild.id)).toBe(parent.id);
    expect(fake.store.deletedDocumentIds.has(doc.id)).toBe(true);
  });

  test('pull requests: add (18), comment (20, bumps updated), edit comment (no activity), merge (19)', async () => {
    const before = fake.store.pullRequests.length;
    const pr = fake.store.addPullRequest('PRJ1', 'app', { summary: 'New thing' });
    expect(pr).toMatchObject({ id: FIRST_PULL_REQUEST_ID + before, number: 4, created: NOW });
    expect(last()).toMatchObject({ type: 18, content: { id: pr.id, number: 4, issue: null } });
    const listed = await get(fake, '/projects/PRJ1/git/repositories/app/pullRequests', {
      count: 1,
    });
    expect(ids(listed)).toEqual([pr.id]);

    clock += 10_000;
    const maxComment = Math.max(...fake.store.pullRequestComments.map((c) => c.id));
    const comment = fake.store.addPullRequestComment('PRJ1', 'app', 4, 'LGTM');
    expect(comment.id).toBe(maxComment + 1);
    expect(pr.updated).toBe('2026-02-03T04:05:16Z');
    expect(last()).toMatchObject({
      type: 20,
      content: { id: pr.id, comment: { id: comment.id, content: 'LGTM' } },
    });
    const newer = await get(fake, '/projects/PRJ1/git/repositories/app/pullRequests/4/comments', {
      minId: maxComment,
      order: 'asc',
    });
    expect(ids(newer)).toEqual([comment.id]);

    const acts = fake.store.activities.length;
    clock += 10_000;
    fake.store.editPullRequestComment(comment.id, 'LGTM!');
    expect(comment).toMatchObject({ content: 'LGTM!', updated: '2026-02-03T04:05:26Z' });
    expect(pr.updated).toBe('2026-02-03T04:05:26Z');
    expect(fake.store.activities).toHaveLength(acts);

    clock += 10_000;
    fake.store.updatePullRequest('PRJ1', 'app', 4, { status: { id: 3, name: 'Merged' } });
    expect(pr).toMatchObject({
      mergeAt: '2026-02-03T04:05:36Z',
      closeAt: '2026-02-03T04:05:36Z',
      mergeCommit: expect.stringMatching(/^[0-9a-f]{40}$/),
      updated: '2026-02-03T04:05:36Z',
    });
    const change = fake.store.pullRequestCommentsOf(pr.id).at(-1);
    expect(change?.changeLog).toEqual([{ field: 'status', newValue: '3', originalValue: '1' }]);
    expect(last()).toMatchObject({
      type: 19,
      content: { changes: [{ field: 'status', new_value: '3', old_value: '1' }] },
    });
    const merged = await get(fake, '/projects/PRJ1/git/repositories/app/pullRequests', {
      'statusId[]': 3,
      count: 1,
    });
    expect(ids(merged)).toEqual([pr.id]);
  });

  test('addSharedFile: missing directories are created, file listed, activity 8', async () => {
    const file = fake.store.addSharedFile('PRJ1', '/new dir/サブ/', 'memo.txt', 42);
    expect(file).toMatchObject({
      dir: '/new dir/サブ/',
      size: 42,
      created: NOW,
      updatedUser: null,
    });
    expect(last()).toMatchObject({ type: 8, content: { id: file.id, dir: '/new dir/サブ/' } });
    const listed = await get(fake, filesPath('PRJ1', 'new dir', 'サブ'));
    expect(ids(listed)).toEqual([file.id]);
    const parent = await get(fake, filesPath('PRJ1', 'new dir'));
    expect(parent.body.map((f: SharedFile) => [f.type, f.name])).toEqual([['directory', 'サブ']]);
    expect(() => fake.store.addSharedFile('PRJ1', 'new dir/サブ', 'memo.txt')).toThrow();
  });

  test('addTeam / updateTeam stamp created/updated; no activity', async () => {
    const acts = fake.store.activities.length;
    const team = fake.store.addTeam({ name: 'Night shift', members: [fake.store.users[1]] });
    expect(team).toMatchObject({ created: NOW, updated: NOW, displayOrder: null });
    clock += 3000;
    fake.store.updateTeam(team.id, { displayOrder: 7 });
    expect((await get(fake, `/teams/${team.id}`)).body).toMatchObject({
      name: 'Night shift',
      displayOrder: 7,
      updated: '2026-02-03T04:05:09Z',
    });
    expect(ids(await get(fake, '/teams', { count: 1 }))).toEqual([team.id]);
    expect(fake.store.activities).toHaveLength(acts);
  });

  test('activity ids keep ascending with created across seeded and mutated records', () => {
    fake.store.addWiki('PRJ1');
    fake.store.addDocument('PRJ1');
    fake.store.addPullRequestComment('PRJ2', 'app', 1, 'x');
    const acts = fake.store.activities;
    expect(ascending(acts.map((a) => a.id))).toBe(true);
    expect(ascending(acts.map((a) => a.created))).toBe(true);
  });
});

describe('Date header', () => {
  test('every response carries the store clock as an HTTP date, errors included', async () => {
    const clock = Date.parse('2026-03-04T05:06:07.890Z');
    const fake = await startFake({
      now: () => new Date(clock),
      rateLimit: { limits: { search: 1 } },
    });
    const expected = 'Wed, 04 Mar 2026 05:06:07 GMT';
    const replies = [
      await get(fake, '/space'),
      await get(fake, '/projects/NOPE'),
      await get(fake, '/space', {}, { apiKey: 'wrong' }),
      await get(fake, '/issues'),
      await get(fake, '/issues'), // 429
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 404, 401, 200, 429]);
    for (const reply of replies) expect(reply.headers.get('date')).toBe(expected);
  });

  test('without `now` the header is the real time', async () => {
    const fake = await startFake();
    const before = Math.floor(Date.now() / 1000) * 1000;
    const reply = await get(fake, '/space');
    const date = Date.parse(reply.headers.get('date') ?? '');
    expect(date).toBeGreaterThanOrEqual(before);
    expect(date).toBeLessThanOrEqual(Date.now());
  });
});
