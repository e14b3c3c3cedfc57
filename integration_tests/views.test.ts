/**
 * The flatten views `sync` creates, checked against what the fake Backlog server holds: each
 * parent row gives one expected view row per element of its array, with the parent's key. The
 * expectations come from the server's data and the stream schemas, never from the connector.
 */
import { join } from 'node:path';
import type { FakeBacklog } from './fake-backlog';
import { startFakeSpace } from './support/fake-space';
import { serverData, type Row } from './support/server-data';
import { runSync, syncFolder, withWarehouse, type SyncRun, type TableRow } from './support/sync';
import { loadStreamSchema } from '../source-backlog/stream/schemas';
import { CUSTOM_FIELD_VALUES, VIEWS, type ViewDefinition } from '../source-backlog/views';

const TIMESTAMPTZ = 'TIMESTAMP WITH TIME ZONE';

/** The element fields the stream schema declares as date-times: the view must type them. */
function dateTimeFields(view: ViewDefinition): Set<string> {
  const schema = loadStreamSchema(view.stream).properties as Record<string, Row>;
  const items = schema[view.arrayField].items as { properties: Record<string, Row> };
  return new Set(
    Object.entries(items.properties)
      .filter(([, property]) => property.format === 'date-time')
      .map(([field]) => field),
  );
}

/** The server's parent rows, with the parent keys the connector adds to pull request comments. */
function parentsOf(server: FakeBacklog, data: Record<string, Row[]>, stream: string): Row[] {
  if (stream !== 'pull_request_comments') return data[stream];
  return data[stream].map((comment) => {
    const pullRequestId = server.store.pullRequestIdOfComment(comment.id as number);
    const pr = server.store.pullRequests.find((p) => p.id === pullRequestId)!;
    return { ...comment, repositoryId: pr.repositoryId, pullRequestNumber: pr.number };
  });
}

/** One row per element: the parent columns, then the element's value for each other column. */
function expectedRows(view: ViewDefinition, parents: Row[], columns: string[]): TableRow[] {
  const fromParent = new Map(view.parentColumns.map(({ name, field }) => [name, field]));
  const timestamps = dateTimeFields(view);
  return parents.flatMap((parent) =>
    ((parent[view.arrayField] as Row[] | null) ?? []).map((element) =>
      Object.fromEntries(
        columns.map((column) => {
          const parentField = fromParent.get(column);
          if (parentField !== undefined) return [column, parent[parentField]];
          const value = element[column] ?? null;
          return [
            column,
            timestamps.has(column) && value !== null ? Date.parse(String(value)) : value,
          ];
        }),
      ),
    ),
  );
}

/** Only the views' streams: the sync is about them, not about every stream of the catalog. */
const STREAMS = [...new Set(VIEWS.map((view) => view.stream))].join(',');

const sorted = (rows: TableRow[]): string[] => rows.map((row) => JSON.stringify(row)).sort();

describe('flatten views in the DuckDB file sync writes', () => {
  let server: FakeBacklog;
  let dir: string;
  let db: string;
  let configPath: string;
  let remove: () => void;
  let first: SyncRun;
  let data: Record<string, Row[]>;

  const query = (sql: string) => withWarehouse(db, (run) => run(sql));
  const columnTypes = async (view: string) =>
    new Map(
      (
        await query(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${view}' ORDER BY ordinal_position`,
        )
      ).map((row) => [String(row.column_name), String(row.data_type)]),
    );

  beforeAll(async () => {
    server = await startFakeSpace({
      projects: 2,
      issues: 20,
      wikisPerProject: 2,
      pullRequestsPerRepository: 2,
      commentsPerPullRequest: 2,
      teams: 2,
    });
    // The seed links no shared file to a wiki page: link one, as Backlog's
    // POST /wikis/:id/sharedFiles would.
    const page = server.store.wikis[0];
    const file = server.store.sharedFiles.find(
      (f) => f.projectId === page.projectId && f.type === 'file',
    )!;
    page.sharedFiles.push(JSON.parse(JSON.stringify(file)) as typeof file);
    ({ dir, db, configPath, remove } = syncFolder(server.url, 'views-test'));
    first = await runSync(['--config', configPath, '--db', db, '--streams', STREAMS]);
    data = serverData(server);
  });
  afterAll(async () => {
    await server.stop();
    remove();
  });

  it('the sync succeeds', () => {
    expect(first.stderr).not.toMatch(/source-backlog sync:/);
    expect(first.exitCode).toBe(0);
  });

  it.each(VIEWS.map((view) => [view.name, view] as const))(
    '%s: one row per element of the server’s parent rows, with the parent key',
    async (name, view) => {
      const types = await columnTypes(name);
      const expected = expectedRows(view, parentsOf(server, data, view.stream), [...types.keys()]);
      expect(expected.length).toBeGreaterThan(0);
      expect(sorted(await query(`SELECT * FROM "${name}"`))).toEqual(sorted(expected));
    },
  );

  it('values are typed: ids and parent keys BIGINT, date-times TIMESTAMPTZ, objects JSON', async () => {
    for (const view of VIEWS) {
      const types = await columnTypes(view.name);
      for (const { name } of view.parentColumns)
        expect([view.name, name, types.get(name)]).toEqual([view.name, name, 'BIGINT']);
      if (types.has('id')) expect([view.name, types.get('id')]).toEqual([view.name, 'BIGINT']);
      for (const field of dateTimeFields(view)) {
        if (types.has(field))
          expect([view.name, field, types.get(field)]).toEqual([view.name, field, TIMESTAMPTZ]);
      }
    }
    const attachments = await columnTypes('issue_attachments');
    expect(attachments.get('createdUser')).toBe('JSON');
    expect(attachments.get('size')).toBe('BIGINT');
    expect((await columnTypes('issue_milestones')).get('archived')).toBe('BOOLEAN');
  });

  it('only views whose table exists: a file with issues alone has the issue views (custom-field values too, no wide views without custom_fields)', async () => {
    const issuesOnly = join(dir, 'issues.duckdb');
    const run = await runSync(['--config', configPath, '--db', issuesOnly, '--streams', 'issues']);
    expect(run.exitCode).toBe(0);
    const views = await withWarehouse(issuesOnly, (run) =>
      run("SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' ORDER BY 1"),
    );
    expect(views.map((row) => row.table_name)).toEqual(
      [
        ...VIEWS.filter((view) => view.stream === 'issues').map((view) => view.name),
        CUSTOM_FIELD_VALUES.name,
      ].sort(),
    );
  });

  it('a second sync, which replaces and merges the tables, leaves the views answering', async () => {
    const [team] = server.store.teams;
    server.store.updateTeam(team.id, { members: [] });
    const second = await runSync(['--config', configPath, '--db', db, '--streams', STREAMS]);
    expect(second.exitCode).toBe(0);
    const members = await query(`SELECT "teamId" FROM team_members WHERE "teamId" = ${team.id}`);
    expect(members).toEqual([]);
    const total = await query('SELECT count(*) AS n FROM team_members');
    const expected = serverData(server).teams.reduce((n, t) => n + (t.members as Row[]).length, 0);
    expect(total).toEqual([{ n: expected }]);
  });
});
