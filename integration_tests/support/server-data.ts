/**
 * What the fake space holds, stream by stream, as the API user may read it: the expected result
 * of a full read (catalog test) and of a DuckDB sync (sync test).
 */
import { contractOf } from '../../source-backlog/stream/contract';
import { STREAMS } from '../../source-backlog/streams';
import type { FakeBacklog } from '../fake-backlog';

export type Row = Record<string, unknown>;

/** Every stream of the catalog, in discover order. */
export const ALL = STREAMS.map((stream) => stream.name);
export const INCREMENTAL = STREAMS.filter((stream) => stream.cursorField).map(
  (stream) => stream.name,
);
const contracts = new Map(STREAMS.map((stream) => [stream.name, contractOf(stream)]));
/** The field an incremental stream's cursor reads: a timestamp (`updated`, `created`, ...) or `id`. */
export const cursorOf = (stream: string): string => contracts.get(stream)!.cursorField![0];
/** Incremental streams whose cursor is a timestamp (the others keyset on an id). */
export const BY_DATE = INCREMENTAL.filter((stream) => cursorOf(stream) !== 'id');

/** The highest id held for each incremental stream keyed on an id (activities, stars). */
export function highestIds(data: Record<string, Row[]>): Record<string, number> {
  return Object.fromEntries(
    INCREMENTAL.filter((stream) => cursorOf(stream) === 'id').map((stream) => [
      stream,
      Math.max(...data[stream].map((row) => row.id as number)),
    ]),
  );
}

/**
 * The rows of an incremental stream changed since `sinceMs`: cursor at or after it, or, for a
 * stream keyed on an id, above the highest id held before (`idsBefore`).
 */
export function changedSince(
  data: Record<string, Row[]>,
  stream: string,
  sinceMs: number,
  idsBefore: Record<string, number>,
): Row[] {
  const cursor = cursorOf(stream);
  return data[stream].filter((row) =>
    cursor === 'id'
      ? (row.id as number) > idsBefore[stream]
      : Date.parse(row[cursor] as string) >= sinceMs,
  );
}

/**
 * The streams of the second catalog (docs/streams.md, after `shared_files`): membership,
 * watchings, stars, wiki history, participants, webhooks and the space's own records.
 */
export const SECOND_CATALOG = ALL.slice(ALL.indexOf('project_users'));

/** The streams `project_keys` limits: every record belongs to a project in scope. */
export const PROJECT_SCOPED = STREAMS.filter((stream) => stream.scope === 'project').map(
  (stream) => stream.name,
);

/** Streams whose records are keyed by [projectId, id]. */
const PROJECT_AND_ID = new Set([
  'statuses',
  'project_users',
  'project_administrators',
  'project_teams',
  'wiki_tags',
]);
/** Streams with one record per space, keyed by spaceKey. */
const SPACE_KEYED = new Set(['space', 'licence', 'disk_usage', 'space_notification']);

/** A record's primary key as one string (statuses: project and id). */
export function keyOf(stream: string, row: Row): string {
  if (SPACE_KEYED.has(stream)) return String(row.spaceKey);
  if (PROJECT_AND_ID.has(stream)) return `${String(row.projectId)}:${String(row.id)}`;
  if (stream === 'wiki_history') return `${String(row.pageId)}:${String(row.version)}`;
  if (stream === 'issue_participants') return `${String(row.issueId)}:${String(row.id)}`;
  return String(row.id);
}

/**
 * What the space holds, stream by stream, as the API user may read it: the streams the connector
 * declares (ALL), so that a stream the fake serves before the connector reads it expects nothing.
 */
export function serverData(server: FakeBacklog): Record<string, Row[]> {
  const data = everyStream(server);
  return Object.fromEntries(Object.entries(data).filter(([stream]) => ALL.includes(stream)));
}

/** Rows with the parent key `extra` added, as the connector emits child records. */
function withKeys(rows: object[], extra: Row): Row[] {
  return rows.map((row) => ({ ...row, ...extra }));
}

/** Each id once, at its first appearance. */
function distinctById<T extends { id: number }>(items: T[]): T[] {
  const seen = new Map<number, T>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}

function everyStream(server: FakeBacklog): Record<string, Row[]> {
  const { store } = server;
  const joined = store.projects.filter((project) => store.isJoined(project.id));
  const withFeature = (feature: 'useWiki' | 'useDocument' | 'useGit' | 'useFileSharing') =>
    new Set(joined.filter((project) => project[feature] !== false).map((project) => project.id));
  const metadata = (
    field: 'issueTypes' | 'statuses' | 'categories' | 'versions' | 'customFields',
  ) =>
    joined.flatMap((project) =>
      (store.metadata.get(project.id)![field] as unknown as Row[]).map((row) => ({
        ...row,
        projectId: row.projectId ?? project.id,
      })),
    );
  const inJoined = (row: { projectId: number }) => store.isJoined(row.projectId);
  const wikiProjects = withFeature('useWiki');
  const documentProjects = withFeature('useDocument');
  const gitProjects = withFeature('useGit');
  const fileProjects = withFeature('useFileSharing');
  const pullRequests = store.pullRequests.filter((pr) => gitProjects.has(pr.projectId));
  const pullRequestIds = new Set(pullRequests.map((pr) => pr.id));
  // GET /users needs an administrator; other keys read the members of the joined projects.
  const users = store.isAdmin
    ? store.users
    : distinctById(joined.flatMap((project) => store.projectUsers(project.id)));
  // Other users' watchings are refused to a key that is not an administrator's.
  const watchers = store.isAdmin ? store.users : [store.myself];
  const wikiPages = store.wikis.filter((w) => wikiProjects.has(w.projectId));
  const spaceKey = store.space.spaceKey;
  return {
    space: [store.space as unknown as Row],
    priorities: store.priorities as unknown as Row[],
    resolutions: store.resolutions as unknown as Row[],
    projects: joined as unknown as Row[],
    users: users as unknown as Row[],
    issue_types: metadata('issueTypes'),
    statuses: metadata('statuses'),
    categories: metadata('categories'),
    milestones: metadata('versions'),
    custom_fields: metadata('customFields'),
    issues: store.issues.filter(inJoined) as unknown as Row[],
    issue_comments: store.comments.filter(inJoined) as unknown as Row[],
    activities: store.activities.filter((a) => store.isJoined(a.project.id)) as unknown as Row[],
    wikis: store.wikis.filter((w) => wikiProjects.has(w.projectId)) as unknown as Row[],
    documents: store.documents
      .filter((d) => documentProjects.has(d.projectId))
      .map((d) => ({ ...d, childDocumentIds: store.childDocumentIds(d.id) })),
    git_repositories: store.repositories.filter((r) => gitProjects.has(r.projectId)) as never,
    pull_requests: pullRequests as unknown as Row[],
    pull_request_comments: store.pullRequestComments.filter((c) =>
      pullRequestIds.has(store.pullRequestIdOfComment(c.id)!),
    ) as unknown as Row[],
    teams: store.teams as unknown as Row[],
    shared_files: store.sharedFiles.filter((f) => fileProjects.has(f.projectId)) as never,
    project_users: joined.flatMap((project) =>
      withKeys(store.projectUsers(project.id), { projectId: project.id }),
    ),
    project_administrators: store.isAdmin
      ? joined.flatMap((project) =>
          withKeys(store.projectAdministrators(project.id), { projectId: project.id }),
        )
      : [],
    project_teams: joined.flatMap((project) =>
      withKeys(store.projectTeams(project.id), { projectId: project.id }),
    ),
    webhooks: store.isAdmin
      ? joined.flatMap((project) =>
          withKeys(store.webhooksOf(project.id), { projectId: project.id }),
        )
      : [],
    wiki_tags: joined
      .filter((project) => wikiProjects.has(project.id))
      .flatMap((project) => {
        const tags = wikiPages
          .filter((page) => page.projectId === project.id)
          .flatMap((page) => page.tags);
        return withKeys(
          distinctById(tags).sort((a, b) => a.id - b.id),
          { projectId: project.id },
        );
      }),
    wiki_history: wikiPages.flatMap((page) => store.wikiHistoryOf(page.id)) as unknown as Row[],
    issue_participants: store.issues.filter(inJoined).flatMap((issue) =>
      withKeys(store.issueParticipants(issue.id), {
        issueId: issue.id,
        issueUpdated: issue.updated,
      }),
    ),
    watchings: watchers.flatMap((user) =>
      withKeys(store.watchingsOf(user.id), { userId: user.id }),
    ),
    stars: users.flatMap((user) =>
      withKeys(store.starsReceivedBy(user.id), { receiverId: user.id }),
    ),
    licence: store.isAdmin ? [{ ...store.licence, spaceKey }] : [],
    disk_usage: store.isAdmin ? [{ ...store.diskUsage(), spaceKey }] : [],
    space_notification: [{ ...store.spaceNotification, spaceKey }],
  };
}
