/**
 * What the fake space holds, stream by stream, as the API user may read it: the expected result
 * of a full read (catalog test) and of a DuckDB sync (sync test).
 */
import { STREAMS } from '../../source-backlog/streams';
import type { FakeBacklog } from '../fake-backlog';

export type Row = Record<string, unknown>;

/** Every stream of the catalog, in discover order. */
export const ALL = STREAMS.map((stream) => stream.name);
export const INCREMENTAL = STREAMS.filter((stream) => stream.cursorField).map(
  (stream) => stream.name,
);
/** The streams `project_keys` limits: every record belongs to a project in scope. */
export const PROJECT_SCOPED = STREAMS.filter((stream) => stream.scope === 'project').map(
  (stream) => stream.name,
);

/** A record's primary key as one string (statuses: project and id). */
export function keyOf(stream: string, row: Row): string {
  if (stream === 'space') return String(row.spaceKey);
  if (stream === 'statuses') return `${String(row.projectId)}:${String(row.id)}`;
  return String(row.id);
}

/** What the space holds, stream by stream, as the API user may read it. */
export function serverData(server: FakeBacklog): Record<string, Row[]> {
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
  return {
    space: [store.space as unknown as Row],
    priorities: store.priorities as unknown as Row[],
    resolutions: store.resolutions as unknown as Row[],
    projects: joined as unknown as Row[],
    users: store.users as unknown as Row[],
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
  };
}
