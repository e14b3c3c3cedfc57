/**
 * The streams beyond the first twenty (membership, watchings, stars, wiki history, participants,
 * webhooks and the space's own records): a full sync, then an incremental one after a handful of
 * changes, which returns exactly those changes; a kill in the middle of the per-issue walk; a
 * watching list that moves while it is read.
 */
import type { FakeBacklog } from './fake-backlog';
import {
  configuredCatalog,
  finalState,
  protocolProblems,
  recordsOf,
  type RunResult,
} from './support/connector';
import { readSync, startFakeSpace } from './support/fake-space';
import { afterStates, committedRecords, requestsPerStream } from './support/run-output';
import {
  cursorOf,
  INCREMENTAL,
  keyOf,
  SECOND_CATALOG,
  serverData,
  type Row,
} from './support/server-data';

const STREAMS = SECOND_CATALOG;
const INCREMENTAL_HERE = STREAMS.filter((stream) => INCREMENTAL.includes(stream));
/** No lookback window: what a sync re-reads is only the cursor's own second. */
const NO_LOOKBACK = { lookback_window_minutes: 0 };

function keys(stream: string, rows: Row[]): string[] {
  return rows.map((row) => keyOf(stream, row)).sort();
}

/** Rows whose cursor is the newest second among `rows`: the saved cursor, which is inclusive. */
function atNewestSecond(stream: string, rows: Row[]): Row[] {
  if (cursorOf(stream) === 'id') return [];
  const at = (row: Row) => Date.parse(row[cursorOf(stream)] as string);
  const newest = Math.max(...rows.map(at));
  return rows.filter((row) => at(row) === newest);
}

function log(message: string): void {
  // eslint-disable-next-line no-console
  console.log(message);
}

describe('the rest of Backlog: a full sync, then the changes', () => {
  let server: FakeBacklog;
  let now = new Date('2025-07-01T00:00:00Z');
  const tick = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
  let first: RunResult;
  let second: RunResult;
  let before: Record<string, Row[]>;
  let changed: Record<string, Row[]>;

  beforeAll(async () => {
    server = await startFakeSpace({ projects: 3, issues: 40, wikisPerProject: 3, now: () => now });
    const catalog = await configuredCatalog(server.url, STREAMS);
    first = await readSync(server, catalog, { config: NO_LOOKBACK });
    before = serverData(server);

    tick(60);
    const { store } = server;
    // PRJ1 has every user as a member; PRJ2 does not.
    const project = store.projects[1];
    const outsider = store.users.find(
      (user) => !store.projectUsers(project.id).some((member) => member.id === user.id),
    )!;
    store.addProjectMember(project.id, outsider.id);
    const watching = store.addWatching(store.myself.id, store.issues[3].id, 'Blocks the release');
    const star = store.giveStar(store.users[1].id, { title: 'Thanks for the fix' });
    const page = store.wikis[0];
    store.updateWiki(page.id, { content: 'First rewrite' });
    tick(5);
    store.updateWiki(page.id, { content: 'Second rewrite' });
    const commented = [store.issues[10], store.issues[20]];
    for (const issue of commented) store.addComment(issue.id, 'Joining in', outsider);
    tick(60);

    server.resetRequestLog();
    second = await readSync(server, catalog, { config: NO_LOOKBACK, state: finalState(first) });
    const after = serverData(server);
    const versions = after.wiki_history.filter(
      (version) =>
        version.pageId === page.id &&
        !keys('wiki_history', before.wiki_history).includes(keyOf('wiki_history', version)),
    );
    changed = {
      wiki_history: versions,
      issue_participants: after.issue_participants.filter((row) =>
        commented.some((issue) => issue.id === row.issueId),
      ),
      watchings: after.watchings.filter((row) => row.id === watching.id),
      stars: after.stars.filter((row) => row.id === star.id),
    };
    expect(changed.wiki_history).toHaveLength(2);
    expect(changed.issue_participants.some((row) => row.id === outsider.id)).toBe(true);
    expect(after.project_users.length).toBe(before.project_users.length + 1);
  });
  afterAll(() => server.stop());

  it('the full sync reads exactly the server data of each stream and keeps the protocol', async () => {
    expect(first.exitCode).toBe(0);
    expect(await protocolProblems(server.url, first, STREAMS)).toEqual([]);
    for (const stream of STREAMS) {
      expect({ stream, keys: keys(stream, recordsOf(first, stream)) }).toEqual({
        stream,
        keys: keys(stream, before[stream]),
      });
    }
  });

  it.each(INCREMENTAL_HERE)(
    '%s: the incremental sync returns exactly the changes (and its cursor second again)',
    (stream) => {
      expect(second.exitCode).toBe(0);
      const again = atNewestSecond(stream, before[stream]);
      expect(keys(stream, recordsOf(second, stream))).toEqual(
        [...new Set(keys(stream, [...changed[stream], ...again]))].sort(),
      );
    },
  );

  it('full-refresh streams return the space as it is now, the new member included', async () => {
    const after = serverData(server);
    for (const stream of STREAMS.filter((name) => !INCREMENTAL.includes(name))) {
      expect({ stream, keys: keys(stream, recordsOf(second, stream)) }).toEqual({
        stream,
        keys: keys(stream, after[stream]),
      });
    }
    expect(await protocolProblems(server.url, second, STREAMS)).toEqual([]);
  });

  it('costs in proportion to the change', () => {
    const full = requestsPerStream(first);
    const incremental = requestsPerStream(second);
    const sum = (costs: Record<string, string>) =>
      STREAMS.reduce(
        (total, stream) => total + Number(/^(\d+) request/.exec(costs[stream])![1]),
        0,
      );
    log(
      `rest of Backlog, ${server.store.issues.length} issues, ${server.store.wikis.length} wiki pages, ${server.store.users.length} users: the ${STREAMS.length} streams cost ${sum(full)} requests in full, ${sum(incremental)} incrementally; ` +
        INCREMENTAL_HERE.map(
          (stream) => `${stream} full ${full[stream]}, incremental ${incremental[stream]}`,
        ).join('; '),
    );
    const reads = (cost: string) => Number(/^(\d+) request/.exec(cost)![1]);
    // History of the one changed page (plus pages changed in the cursor's second) and the wiki
    // lists, instead of every page's history.
    expect(reads(incremental.wiki_history)).toBeLessThan(reads(full.wiki_history));
    // Participants of the changed issues only, not of all 40.
    expect(reads(incremental.issue_participants)).toBeLessThan(reads(full.issue_participants) / 2);
  });
});

describe('issue_participants killed mid-walk', () => {
  let server: FakeBacklog;
  beforeAll(async () => {
    server = await startFakeSpace({ issues: 1500, commentsPerIssue: 1, seed: 5 });
  });
  afterAll(() => server.stop());

  it('resumes after the last checkpoint and loses no participant', async () => {
    const catalog = await configuredCatalog(server.url, ['issue_participants']);
    // A STATE every 1,000 records: hold the walk well after the first, then kill on it.
    let seen = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.onRequest(async (request) => {
      if (!/^\/api\/v2\/issues\/\d+\/participants$/.test(request.path)) return;
      seen += 1;
      if (seen > 900) await held;
    });
    const killed = await readSync(
      server,
      catalog,
      {},
      {
        killWhen: afterStates('issue_participants', 1),
      },
    );
    server.clearHooks();
    release();
    expect(killed.signal).toBe('SIGKILL');
    const committed = committedRecords(killed, 'issue_participants');
    expect(committed.length).toBeGreaterThan(0);

    const resumed = await readSync(server, catalog, { state: finalState(killed) });
    expect(resumed.exitCode).toBe(0);
    const expected = keys('issue_participants', serverData(server).issue_participants);
    const got = new Set([
      ...keys('issue_participants', committed),
      ...keys('issue_participants', recordsOf(resumed, 'issue_participants')),
    ]);
    expect(expected.filter((key) => !got.has(key))).toEqual([]);
    // The resumed run starts after the committed issues, not from the beginning.
    expect(recordsOf(resumed, 'issue_participants').length).toBeLessThan(expected.length);
  });
});

describe('a watching list that moves while it is read', () => {
  let server: FakeBacklog;
  let now = new Date('2025-07-01T00:00:00Z');
  beforeAll(async () => {
    server = await startFakeSpace({ issues: 300, now: () => now });
  });
  afterAll(() => server.stop());

  it('loses no watching, and the next sync returns those that changed in their new version', async () => {
    const { store } = server;
    const watcher = store.myself;
    for (const issue of store.issues.slice(0, 250)) store.addWatching(watcher.id, issue.id);
    now = new Date(now.getTime() + 60_000);
    const catalog = await configuredCatalog(server.url, ['watchings']);
    // Each page after the first: the watchings at the head of the list change (and move to its
    // end), shifting every later row to the left while the walk runs.
    const moved = new Set<number>();
    server.onRequest((request) => {
      if (request.path !== `/api/v2/users/${watcher.id}/watchings`) return;
      if (Number(request.query.get('offset') ?? 0) === 0) return;
      for (const watching of store.watchingsOf(watcher.id).slice(0, 10)) {
        store.updateWatching(watching.id, { note: `moved at ${request.query.get('offset')}` });
        moved.add(watching.id);
      }
    });
    const first = await readSync(server, catalog);
    server.clearHooks();
    expect(first.exitCode).toBe(0);
    expect(moved.size).toBeGreaterThan(0);
    const all = store.watchingsOf(watcher.id).map((watching) => watching.id);
    const read = new Set(recordsOf(first, 'watchings').map((row) => row.id as number));
    expect(all.filter((id) => !read.has(id))).toEqual([]);

    now = new Date(now.getTime() + 60_000);
    const second = await readSync(server, catalog, { state: finalState(first) });
    expect(second.exitCode).toBe(0);
    const current = new Map(store.watchingsOf(watcher.id).map((w) => [w.id, w.note]));
    const again = new Map(
      recordsOf(second, 'watchings').map((row) => [row.id as number, row.note]),
    );
    for (const id of moved)
      expect({ id, note: again.get(id) }).toEqual({ id, note: current.get(id) });
  });
});
