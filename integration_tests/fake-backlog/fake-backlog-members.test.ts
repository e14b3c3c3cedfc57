/**
 * Project members, administrators, teams and webhooks; wiki tags and history; issue
 * participants; users' watchings and received stars; the space's licence, disk usage and
 * notification: shapes, paging, permissions and the store mutations behind them.
 */
import { FakeBacklog, type FakeBacklogOptions, type Star, type User } from './index';
import { bucketFor } from './rate-limit';
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
const json = (value: unknown): Json => JSON.parse(JSON.stringify(value));
const userIds = (users: Array<{ id: number }>) => users.map((u) => u.id);

function expectKeys(value: object, keys: string[]): void {
  expect(Object.keys(value).sort()).toEqual([...keys].sort());
}

describe('project members, administrators and teams', () => {
  let fake: FakeBacklog;
  beforeAll(async () => {
    fake = await startFake({ projects: 4, users: 7, teams: 5, notJoinedProjectKeys: ['PRJ4'] });
  });

  test('members differ per project: PRJ1 has everyone; the API user only where it joined', async () => {
    const members = await Promise.all(
      ['PRJ1', 'PRJ2', 'PRJ3', 'PRJ4'].map(async (key) =>
        ids(await get(fake, `/projects/${key}/users`)),
      ),
    );
    expect(members[0]).toEqual(userIds(fake.store.users));
    expect(new Set(members.map((m) => m.join())).size).toBe(4);
    for (const [i, list] of members.entries()) {
      expect(list.includes(101)).toBe(i < 3);
      expect(list.length).toBeGreaterThan(0);
      expect(list).toEqual([...list].sort());
    }
    expect(members[1]).toEqual(userIds(fake.store.projectUsers(1002)));
  });

  test("administrators: some of each project's members, at least one; project 404", async () => {
    for (const project of fake.store.projects) {
      const admins = (await get(fake, `/projects/${project.id}/administrators`)).body as User[];
      const members = userIds(fake.store.projectUsers(project.id));
      expect(admins.length).toBeGreaterThan(0);
      expect(admins.length).toBeLessThan(members.length);
      for (const admin of admins) expect(members).toContain(admin.id);
      expect(admins).toEqual(json(fake.store.projectAdministrators(project.id)));
    }
    expectError(await get(fake, '/projects/NOPE/administrators'), 404, 6);
  });

  test('teams: full Team objects with members; every team in 0..2 projects, some in none', async () => {
    const perTeam = new Map<number, number>();
    for (const project of fake.store.projects) {
      const teams = (await get(fake, `/projects/${project.projectKey}/teams`)).body;
      for (const team of teams) {
        expect(team).toEqual(json(fake.store.findTeam(team.id)));
        perTeam.set(team.id, (perTeam.get(team.id) ?? 0) + 1);
      }
    }
    const counts = fake.store.teams.map((t) => perTeam.get(t.id) ?? 0);
    expect(counts).toEqual([1, 2, 0, 1, 2]);
    expect((await get(fake, '/projects/PRJ1/teams')).body[0].members.length).toBeGreaterThan(0);
  });

  test('addProjectMember and assignTeamToProject show at once; the API user joins', async () => {
    const own = await startFake({ notJoinedProjectKeys: ['PRJ3'] });
    const before = ids(await get(own, '/projects/PRJ2/users'));
    const outsider = own.store.users.find((u) => !before.includes(u.id))!;
    own.store.addProjectMember('PRJ2', outsider.id);
    expect(ids(await get(own, '/projects/PRJ2/users'))).toEqual(
      [...before, outsider.id].sort((a, b) => Number(a) - Number(b)),
    );
    own.store.addProjectMember(1003, own.store.myself.id);
    expect(own.store.isJoined(1003)).toBe(true);
    expect(ids(await get(own, '/projects/PRJ3/users'))).toContain(own.store.myself.id);

    const unassigned = own.store.teams.find((t) => !own.store.projectTeams(1001).includes(t))!;
    own.store.assignTeamToProject(unassigned.id, 'PRJ1');
    expect(ids(await get(own, '/projects/PRJ1/teams'))).toContain(unassigned.id);
    expect(() => own.store.assignTeamToProject(999, 'PRJ1')).toThrow();
    expect(() => own.store.addProjectMember('PRJ1', 999)).toThrow();
  });
});

describe('webhooks', () => {
  test('0..3 per project, backlog4j webhook.json shape, ids ascending over the space', async () => {
    const fake = await startFake({ projects: 4 });
    const all: Json[] = [];
    const sizes: number[] = [];
    for (const project of fake.store.projects) {
      const hooks = (await get(fake, `/projects/${project.projectKey}/webhooks`)).body;
      sizes.push(hooks.length);
      all.push(...hooks);
    }
    expect(sizes).toEqual([2, 0, 3, 1]);
    expect(all.map((h) => h.id)).toEqual([3001, 3002, 3003, 3004, 3005, 3006]);
    for (const hook of all) {
      expectKeys(hook, [
        'id',
        'name',
        'description',
        'hookUrl',
        'allEvent',
        'activityTypeIds',
        'createdUser',
        'created',
        'updatedUser',
        'updated',
      ]);
      expect(hook.created).toMatch(ISO);
      expect(hook.updated >= hook.created).toBe(true);
      expect(hook.allEvent ? hook.activityTypeIds : []).toEqual([]);
    }
    expect(all.some((h) => h.allEvent) && all.some((h) => h.activityTypeIds.length > 0)).toBe(true);
  });
});

describe('administrator-only endpoints', () => {
  test("a key that is not an administrator's gets 403 code 5; an administrator's gets data", async () => {
    const admin = await startFake();
    const user = await startFake({ isAdmin: false });
    const paths = [
      '/projects/PRJ1/administrators',
      '/projects/PRJ1/webhooks',
      '/space/licence',
      '/space/diskUsage',
    ];
    for (const path of paths) {
      expectError(await get(user, path), 403, 5);
      expect((await get(admin, path)).status).toBe(200);
    }
    // Everyone may read these.
    for (const path of ['/projects/PRJ1/teams', '/projects/PRJ1/users', '/space/notification']) {
      expect((await get(user, path)).status).toBe(200);
    }
    for (const path of [...paths, '/wikis/tags', '/wikis/1/history', '/users/1/stars']) {
      expect(bucketFor('GET', `/api/v2${path}`)).toBe('read');
    }
  });
});

describe('space licence, disk usage and notification', () => {
  let fake: FakeBacklog;
  let now = new Date('2025-07-01T00:00:00Z');
  beforeAll(async () => {
    fake = await startFake({ projects: 3, notJoinedProjectKeys: ['PRJ3'], now: () => now });
  });

  test('licence: every field of backlog-js License.License', async () => {
    const licence = (await get(fake, '/space/licence')).body;
    expectKeys(licence, [
      'active',
      'attachmentLimit',
      'attachmentLimitPerFile',
      'attachmentNumLimit',
      'attribute',
      'attributeLimit',
      'burndown',
      'commentLimit',
      'componentLimit',
      'fileSharing',
      'gantt',
      'git',
      'grandchildIssueEnabled',
      'issueLimit',
      'licenceTypeId',
      'limitDate',
      'nulabAccount',
      'parentChildIssue',
      'postIssueByMail',
      'projectLimit',
      'pullRequestAttachmentLimitPerFile',
      'pullRequestAttachmentNumLimit',
      'remoteAddress',
      'remoteAddressLimit',
      'startedOn',
      'storageLimit',
      'subversion',
      'subversionExternal',
      'userLimit',
      'versionLimit',
      'wikiAttachment',
      'wikiAttachmentLimitPerFile',
      'wikiAttachmentNumLimit',
    ]);
    expect(licence.limitDate).toMatch(ISO);
    expect(licence.startedOn).toMatch(ISO);
  });

  test('disk usage: totals are the sums of one detail per project (joined or not)', async () => {
    const usage = (await get(fake, '/space/diskUsage')).body;
    const fields = ['issue', 'wiki', 'file', 'subversion', 'git', 'gitLFS'];
    expectKeys(usage, ['capacity', ...fields, 'details']);
    expect(usage.details.map((d: { projectId: number }) => d.projectId)).toEqual([
      1001, 1002, 1003,
    ]);
    for (const field of fields) {
      const sum = usage.details.reduce((s: number, d: Record<string, number>) => s + d[field], 0);
      expect(usage[field]).toBe(sum);
    }
    for (const detail of usage.details) expectKeys(detail, ['projectId', ...fields]);
    expect(usage.issue + usage.wiki + usage.file + usage.git).toBeGreaterThan(0);
    expect(usage.capacity).toBeGreaterThan(usage.issue + usage.wiki + usage.file + usage.git);
    fake.store.addSharedFile('PRJ1', '/', 'big.bin', 5000);
    expect((await get(fake, '/space/diskUsage')).body.file).toBe(usage.file + 5000);
  });

  test('notification: {content, updated}; setSpaceNotification stamps now', async () => {
    const seeded = (await get(fake, '/space/notification')).body;
    expectKeys(seeded, ['content', 'updated']);
    expect(seeded.updated).toMatch(ISO);
    now = new Date('2025-07-02T03:04:05.678Z');
    fake.store.setSpaceNotification('Hello');
    expect((await get(fake, '/space/notification')).body).toEqual({
      content: 'Hello',
      updated: '2025-07-02T03:04:05Z',
    });
  });
});

describe('wiki tags and history', () => {
  let fake: FakeBacklog;
  let now = new Date('2025-07-01T00:00:00Z');
  beforeAll(async () => {
    fake = await startFake({
      projects: 3,
      wikisPerProject: 4,
      featuresOffProjectKeys: ['PRJ3'],
      notJoinedProjectKeys: ['PRJ2'],
      now: () => now,
    });
  });

  test("tags: the distinct tags on the project's pages, by id; like /wikis otherwise", async () => {
    const tags = (await get(fake, '/wikis/tags', { projectIdOrKey: 'PRJ1' })).body;
    const used = fake.store.wikis.filter((w) => w.projectId === 1001).flatMap((w) => w.tags);
    expect(tags).toEqual(json([...new Map(used.map((t) => [t.id, t])).values()]));
    expect(tags.length).toBe(2);
    expect(tags.map((t: { id: number }) => t.id)).toEqual([10011, 10012]);
    expect((await get(fake, '/wikis/tags', { projectIdOrKey: 'PRJ3' })).body).toEqual([]);
    expectError(await get(fake, '/wikis/tags'), 400, 7);
    expectError(await get(fake, '/wikis/tags', { projectIdOrKey: 'PRJ2' }), 404, 6);
    const tagged = fake.store.addWiki('PRJ1', { tags: [{ id: 777, name: 'new' }] });
    expect(ids(await get(fake, '/wikis/tags', { projectIdOrKey: 1001 }))).toEqual([
      777, 10011, 10012,
    ]);
    fake.store.deleteWiki(tagged.id);
  });

  test('every page has versions 1..n, the last one at `updated` as the page is now', () => {
    const pages = fake.store.wikis;
    expect(pages.some((p) => fake.store.wikiHistoryOf(p.id).length >= 25)).toBe(true);
    for (const page of pages) {
      const versions = fake.store.wikiHistoryOf(page.id);
      expect(versions.map((v) => v.version)).toEqual(versions.map((_v, i) => i + 1));
      const first = versions[0];
      const last = versions[versions.length - 1];
      expect(first.created).toBe(page.created);
      expect(first.createdUser).toBe(page.createdUser);
      expect([last.created, last.name, last.content]).toEqual([
        page.updated,
        page.name,
        page.content,
      ]);
      expect(last.createdUser).toBe(page.updatedUser);
      if (page.created === page.updated) expect(versions).toHaveLength(1);
      const times = versions.map((v) => v.created);
      expect(times).toEqual([...times].sort());
    }
  });

  test('history: default version desc, 20; minId/maxId exclusive on version; count; 404', async () => {
    const page = fake.store.wikis.find(
      (p) => p.projectId === 1001 && fake.store.wikiHistoryOf(p.id).length >= 25,
    )!;
    const n = fake.store.wikiHistoryOf(page.id).length;
    const versions = (reply: Json) => reply.body.map((h: { version: number }) => h.version);
    const latest = await get(fake, `/wikis/${page.id}/history`);
    expectKeys(latest.body[0], ['pageId', 'version', 'name', 'content', 'createdUser', 'created']);
    expect(versions(latest)).toEqual(Array.from({ length: 20 }, (_x, i) => n - i));
    const next = await get(fake, `/wikis/${page.id}/history`, { maxId: n - 19, count: 100 });
    expect(versions(next)).toEqual(Array.from({ length: n - 20 }, (_x, i) => n - 20 - i));
    const forward = await get(fake, `/wikis/${page.id}/history`, {
      minId: 3,
      maxId: 7,
      order: 'asc',
    });
    expect(versions(forward)).toEqual([4, 5, 6]);
    expect(forward.body[0]).toEqual(json(fake.store.wikiHistoryOf(page.id)[3]));
    expectError(await get(fake, `/wikis/${page.id}/history`, { count: 101 }), 400, 7);
    expectError(await get(fake, `/wikis/${page.id}/history`, { order: 'up' }), 400, 7);
    const hidden = fake.store.wikis.find((p) => p.projectId === 1002)!;
    for (const id of ['999999', String(hidden.id)]) {
      const missing = await get(fake, `/wikis/${id}/history`);
      expectError(missing, 404, 6);
      expect(missing.body.errors[0].message).toBe('No wiki.');
    }
  });

  test("addWiki saves version 1, updateWiki the next one, at the clock's now", async () => {
    now = new Date('2025-07-03T00:00:00Z');
    const page = fake.store.addWiki('PRJ1', { name: 'Draft', content: 'one' });
    now = new Date('2025-07-03T00:10:00Z');
    const editor = fake.store.users[2];
    fake.store.updateWiki(page.id, { content: 'two' }, editor);
    const history = (await get(fake, `/wikis/${page.id}/history`, { order: 'asc' })).body;
    expect(history).toEqual(
      json([
        {
          pageId: page.id,
          version: 1,
          name: 'Draft',
          content: 'one',
          createdUser: fake.store.myself,
          created: '2025-07-03T00:00:00Z',
        },
        {
          pageId: page.id,
          version: 2,
          name: 'Draft',
          content: 'two',
          createdUser: editor,
          created: '2025-07-03T00:10:00Z',
        },
      ]),
    );
    const seeded = fake.store.wikis[0];
    const before = fake.store.wikiHistoryOf(seeded.id).length;
    fake.store.updateWiki(seeded.id);
    const after = fake.store.wikiHistoryOf(seeded.id);
    expect(after).toHaveLength(before + 1);
    expect(after[before].created).toBe(seeded.updated);
    fake.store.deleteWiki(page.id);
    expectError(await get(fake, `/wikis/${page.id}/history`), 404, 6);
  });
});

describe('issue participants', () => {
  test('the creator, then each new commenter, once each; 404 like the issue', async () => {
    const fake = await startFake({ users: 6, commentsPerIssue: 4, notJoinedProjectKeys: ['PRJ3'] });
    for (const issue of fake.store.issues.filter((i) => i.projectId !== 1003).slice(0, 10)) {
      const authors = fake.store.commentsOf(issue.id).map((c) => c.createdUser.id);
      const reply = await get(fake, `/issues/${issue.issueKey}/participants`);
      expect(ids(reply)).toEqual([...new Set([issue.createdUser.id, ...authors])]);
      expect(reply.body[0]).toEqual(json(issue.createdUser));
    }
    const issue = fake.store.issues[0];
    const before = ids(await get(fake, `/issues/${issue.id}/participants`));
    const newcomer = fake.store.users.find((u) => !before.includes(u.id))!;
    fake.store.addComment(issue.id, 'me too', newcomer);
    fake.store.addComment(issue.id, 'again', newcomer);
    expect(ids(await get(fake, `/issues/${issue.id}/participants`))).toEqual([
      ...before,
      newcomer.id,
    ]);
    const hidden = fake.store.issues.find((i) => i.projectId === 1003)!;
    expectError(await get(fake, `/issues/${hidden.id}/participants`), 404, 6);
    expectError(await get(fake, '/issues/999999/participants'), 404, 6);
  });
});

describe('watchings', () => {
  let fake: FakeBacklog;
  let now = new Date('2025-07-01T00:00:00Z');
  beforeAll(async () => {
    fake = await startFake({ users: 6, issues: 40, now: () => now });
  });

  test('seeded for some users, none for others; ids ascending over the space', async () => {
    const sizes: number[] = [];
    const all: Json[] = [];
    for (const user of fake.store.users) {
      const list = (await get(fake, `/users/${user.id}/watchings`, { count: 100 })).body;
      sizes.push(list.length);
      all.push(...list);
    }
    expect(sizes).toEqual([3, 0, 4, 2, 0, 5]);
    const sorted = all.map((w) => w.id).sort((a, b) => a - b);
    expect(sorted[0]).toBe(150001);
    expect(sorted).toEqual(sorted.map((_id, i) => 150001 + i));
    for (const watching of all) {
      expectKeys(watching, [
        'id',
        'resourceAlreadyRead',
        'note',
        'type',
        'issue',
        'lastContentUpdated',
        'created',
        'updated',
      ]);
      expect(watching.type).toBe('issue');
      expect(watching.issue).toEqual((await get(fake, `/issues/${watching.issue.id}`)).body);
      expect(watching.lastContentUpdated).toBe(watching.issue.updated);
      expect(watching.updated >= watching.created).toBe(true);
    }
  });

  test('sort, order, offset/count and the resourceAlreadyRead and issueId[] filters', async () => {
    const userId = fake.store.users[5].id;
    const list = fake.store.watchingsOf(userId);
    const by = (key: (w: Json) => string, dir: 1 | -1) =>
      [...list]
        .sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : (a.id - b.id) * dir))
        .map((w) => w.id);
    const path = `/users/${userId}/watchings`;
    expect(ids(await get(fake, path))).toEqual(by((w) => w.issue.updated, -1));
    expect(ids(await get(fake, path, { sort: 'created', order: 'asc' }))).toEqual(
      by((w) => w.created, 1),
    );
    expect(ids(await get(fake, path, { sort: 'updated' }))).toEqual(by((w) => w.updated, -1));
    expect(ids(await get(fake, path, { offset: 1, count: 2 }))).toEqual(
      by((w) => w.issue.updated, -1).slice(1, 3),
    );
    const read = await get(fake, path, { resourceAlreadyRead: 'true' });
    expect(ids(read).sort()).toEqual(
      list
        .filter((w) => w.resourceAlreadyRead)
        .map((w) => w.id)
        .sort(),
    );
    const issueIds = list.slice(0, 2).map((w) => w.issue.id);
    expect(ids(await get(fake, path, { 'issueId[]': issueIds })).sort()).toEqual(
      list
        .slice(0, 2)
        .map((w) => w.id)
        .sort(),
    );
    const invalid: Array<Record<string, string | number>> = [
      { sort: 'name' },
      { count: 0 },
      { offset: -1 },
      { order: 'up' },
      { resourceAlreadyRead: 'yes' },
    ];
    for (const bad of invalid) {
      expectError(await get(fake, path, bad), 400, 7);
    }
  });

  test('addWatching and updateWatching; deleted issues drop out', async () => {
    const user = fake.store.users[1];
    const issue = fake.store.issues[7];
    now = new Date('2025-07-04T05:06:07Z');
    const added = fake.store.addWatching(user.id, issue.id, 'watch this');
    expect(added).toMatchObject({
      note: 'watch this',
      resourceAlreadyRead: false,
      created: '2025-07-04T05:06:07Z',
      updated: '2025-07-04T05:06:07Z',
    });
    expect((await get(fake, `/users/${user.id}/watchings`)).body).toEqual(json([added]));
    now = new Date('2025-07-05T00:00:00Z');
    fake.store.updateWatching(added.id, { resourceAlreadyRead: true });
    const updated = (await get(fake, `/users/${user.id}/watchings`)).body[0];
    expect(updated).toMatchObject({
      note: 'watch this',
      resourceAlreadyRead: true,
      updated: '2025-07-05T00:00:00Z',
    });
    fake.store.updateIssue(issue.id, { summary: 'renamed' });
    const live = (await get(fake, `/users/${user.id}/watchings`)).body[0];
    expect(live.issue.summary).toBe('renamed');
    expect(live.lastContentUpdated).toBe('2025-07-05T00:00:00Z');
    fake.store.deleteIssue(issue.id);
    expect((await get(fake, `/users/${user.id}/watchings`)).body).toEqual([]);
    expect(() => fake.store.addWatching(999, fake.store.issues[0].id)).toThrow();
  });

  test('only issues of joined projects; a non-admin key reads only its own list; 404', async () => {
    const user = await startFake({ isAdmin: false, notJoinedProjectKeys: ['PRJ2'] });
    const own = user.store.myself.id;
    const seeded = user.store.watchingsOf(own);
    expect(seeded.every((w) => w.issue.projectId !== 1002)).toBe(true);
    const onHidden = user.store.addWatching(
      own,
      user.store.issues.find((i) => i.projectId === 1002)!.id,
    );
    expect(ids(await get(user, `/users/${own}/watchings`, { count: 100 }))).not.toContain(
      onHidden.id,
    );
    expect((await get(user, `/users/${own}/watchings`)).status).toBe(200);
    expectError(await get(user, `/users/${user.store.users[2].id}/watchings`), 403, 5);
    const missing = await get(user, '/users/999/watchings');
    expectError(missing, 404, 6);
    expect(missing.body.errors[0].message).toBe('No user.');
  });
});

describe('stars received', () => {
  let fake: FakeBacklog;
  let now = new Date('2025-07-01T00:00:00Z');
  beforeAll(async () => {
    fake = await startFake({ issues: 40, wikisPerProject: 3, now: () => now });
  });

  function seededStars(): Array<{ receiver: number; star: Star }> {
    const { store } = fake;
    return [
      ...store.issues,
      ...store.comments,
      ...store.wikis,
      ...store.pullRequests,
      ...store.pullRequestComments,
    ].flatMap((c) => c.stars.map((star) => ({ receiver: c.createdUser.id, star })));
  }

  test('every seeded star, with its own id, goes to the creator of the starred content', async () => {
    const seeded = seededStars();
    const kinds = [fake.store.wikis, fake.store.pullRequests, fake.store.comments];
    for (const kind of kinds) expect(kind.some((c) => c.stars.length > 0)).toBe(true);
    const received: Json[] = [];
    for (const user of fake.store.users) {
      const stars = (await get(fake, `/users/${user.id}/stars`, { count: 100 })).body;
      for (const star of stars) {
        expectKeys(star, ['id', 'comment', 'url', 'title', 'presenter', 'created']);
        received.push({ receiver: user.id, star });
      }
    }
    expect(received.sort((a, b) => a.star.id - b.star.id)).toEqual(
      json(seeded.sort((a, b) => a.star.id - b.star.id)),
    );
  });

  test('keyset paging: default id desc, 20; minId/maxId exclusive; count 1..100', async () => {
    const user = fake.store.users[0];
    const all = userIds(fake.store.starsReceivedBy(user.id));
    expect(all.length).toBeGreaterThan(3);
    const path = `/users/${user.id}/stars`;
    expect(ids(await get(fake, path))).toEqual([...all].reverse().slice(0, 20));
    expect(ids(await get(fake, path, { minId: all[0], order: 'asc', count: 2 }))).toEqual(
      all.slice(1, 3),
    );
    expect(ids(await get(fake, path, { maxId: all[2] }))).toEqual([all[1], all[0]]);
    expectError(await get(fake, path, { count: 101 }), 400, 7);
    const missing = await get(fake, '/users/999/stars');
    expectError(missing, 404, 6);
    expect(missing.body.errors[0].message).toBe('No user.');
  });

  test('giveStar: a new id above every seeded one, created now; anyone may read it', async () => {
    const receiver = fake.store.users[3];
    const highest = Math.max(...seededStars().map((s) => s.star.id));
    now = new Date('2025-07-06T00:00:00Z');
    const star = fake.store.giveStar(receiver.id, { title: 'Thanks', comment: 'great' });
    expect(star).toMatchObject({
      title: 'Thanks',
      comment: 'great',
      presenter: fake.store.myself,
      created: '2025-07-06T00:00:00Z',
    });
    expect(star.id).toBeGreaterThan(highest);
    const other = fake.store.giveStar(receiver.id, {}, fake.store.users[1]);
    expect(other.id).toBe(star.id + 1);
    expect(other.comment).toBeNull();
    const user = await startFake({ isAdmin: false, issues: 40, wikisPerProject: 3 });
    expect((await get(user, `/users/${receiver.id}/stars`)).status).toBe(200);
    expect(ids(await get(fake, `/users/${receiver.id}/stars`, { count: 2 }))).toEqual([
      other.id,
      star.id,
    ]);
  });
});
