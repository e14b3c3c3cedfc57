import { keysetPages, offsetPages } from '../backlog/pagination';
import { backlogTimestamp } from '../backlog/timestamps';
import { fromList, mapConcurrentOrdered, perProject } from '../fanout/ordered';
import { activitiesAfter, type FeedActivity, type ScanWatch } from '../incremental/activity-feed';
import type { UnorderedUpdatedPass } from '../incremental/unordered-pass';
import { checkpoint, record, type ReadContext, type StreamEvent } from '../stream/definition';
import type { Project } from '../stream/project-scope';
import { allRowsOrNone, unlessGone } from './collect';

/*
 * How pull requests and their comments are found: a full scan of every repository's list, or,
 * between scans, the pull requests the activity feed reports changed (see `planScan`).
 */

interface Repository {
  id: number;
  name: string;
}

export interface PullRequest {
  id: number;
  projectId: number;
  repositoryId: number;
  number: number;
  updated: string;
  [field: string]: unknown;
}

/** Where a pull request lives: enough to read it or its comments. */
export interface PullRequestRef {
  projectId: number;
  repositoryId: number;
  number: number;
}

export interface PullRequestComment {
  id: number;
  updated: string;
  [field: string]: unknown;
}

/** Backlog documents ISO-8601 here, but has been seen sending epoch milliseconds (backlog4j fixtures). */
function isoTimestamp(value: unknown): unknown {
  return typeof value === 'number' ? backlogTimestamp(value) : value;
}

/**
 * A pull request as a record: its project and repository ids (older payloads leave the
 * repository out), `closeAt`/`mergeAt` as ISO-8601 whatever form Backlog sent them in, and the
 * linked issue as `{id}` (the list's form) also when it came from the single-pull-request
 * endpoint, which embeds the whole issue: a column should not change shape between syncs.
 */
export function pullRequestRecord(
  pullRequest: PullRequest,
  parents: { projectId: number; repositoryId: number },
): PullRequest {
  const issue = pullRequest.issue as { id?: unknown } | null | undefined;
  return {
    ...pullRequest,
    ...(issue ? { issue: { id: issue.id } } : {}),
    projectId: pullRequest.projectId ?? parents.projectId,
    repositoryId: pullRequest.repositoryId ?? parents.repositoryId,
    closeAt: isoTimestamp(pullRequest.closeAt),
    mergeAt: isoTimestamp(pullRequest.mergeAt),
  };
}

function pullRequestsPath(project: Project, repository: Repository): string {
  return `/projects/${project.id}/git/repositories/${repository.id}/pullRequests`;
}

async function* repositories(
  context: ReadContext,
): AsyncGenerator<{ project: Project; repository: Repository }> {
  const lists = perProject(context, 'useGit', (project) =>
    context.client.get<Repository[]>(`/projects/${project.id}/git/repositories`),
  );
  for await (const { project, result } of lists) {
    for (const repository of result) yield { project, repository };
  }
}

type ScanEvent = { pullRequest: PullRequest } | { finishedRepositoryId: number };

/**
 * Pull requests changed since the pass's cursor, by a full scan, with an event after each
 * repository (a checkpoint a killed scan resumes from). The list has neither an `updated` filter
 * nor a sort (it is newest number first), so every repository's list is read in full, in pages
 * of 100; repositories an interrupted scan finished are skipped.
 */
export async function* scanPullRequests(
  context: ReadContext,
  pass: UnorderedUpdatedPass,
  finished: ReadonlySet<number>,
): AsyncGenerator<ScanEvent> {
  for await (const { project, repository } of repositories(context)) {
    if (finished.has(repository.id)) continue;
    const pages = offsetPages<PullRequest>(context.client, pullRequestsPath(project, repository));
    for await (const page of pages) {
      for (const pullRequest of page) {
        if (!pass.isNew(pullRequest.updated)) continue;
        pass.observe(pullRequest.updated);
        const parents = { projectId: project.id, repositoryId: repository.id };
        yield { pullRequest: pullRequestRecord(pullRequest, parents) };
      }
    }
    yield { finishedRepositoryId: repository.id };
  }
}

/** Pull request added, updated, commented, merged. */
const PULL_REQUEST_ACTIVITY_TYPES = [18, 19, 20, 21];

interface PullRequestActivity extends FeedActivity {
  content?: { number?: number; repository?: { id?: number } | null } | null;
}

function refOf(activity: PullRequestActivity): PullRequestRef | undefined {
  const projectId = activity.project?.id;
  const repositoryId = activity.content?.repository?.id;
  const number = activity.content?.number;
  if (!Number.isInteger(projectId) || !Number.isInteger(repositoryId) || !Number.isInteger(number))
    return undefined;
  return { projectId, repositoryId, number } as PullRequestRef;
}

/**
 * Between full scans: for each page of the activity feed after the watermark, the events
 * `eventsFor` makes of the pull requests it reports changed (each once per page), then a
 * checkpoint that moves only the watermark: the saved cursors stand still until the next scan.
 */
export async function* followActivityFeed(
  context: ReadContext,
  since: ScanWatch,
  eventsFor: (refs: PullRequestRef[]) => AsyncIterable<StreamEvent>,
): AsyncGenerator<StreamEvent> {
  const pages = activitiesAfter<PullRequestActivity>(
    context,
    PULL_REQUEST_ACTIVITY_TYPES,
    since.activity_id,
  );
  let watch = since;
  for await (const { activities, lastId } of pages) {
    const refs = new Map<string, PullRequestRef>();
    for (const ref of activities.map(refOf)) {
      if (ref) refs.set(`${ref.repositoryId}/${ref.number}`, ref);
    }
    yield* eventsFor([...refs.values()]);
    watch = { ...since, activity_id: lastId };
    yield checkpoint({ ...context.state, ...watch });
  }
  yield checkpoint({ ...context.state, ...watch });
}

function pullRequestPath(ref: PullRequestRef): string {
  return `/projects/${ref.projectId}/git/repositories/${ref.repositoryId}/pullRequests/${ref.number}`;
}

/** The pull requests at these places, read one by one (those gone since are skipped). */
export async function* pullRequestsAt(
  context: ReadContext,
  refs: PullRequestRef[],
): AsyncGenerator<StreamEvent> {
  const fetched = mapConcurrentOrdered(fromList(refs), context.config.concurrency, (ref) =>
    unlessGone(() => context.client.get<PullRequest>(pullRequestPath(ref))),
  );
  for await (const { item: ref, result: pullRequest } of fetched) {
    if (pullRequest) yield record(pullRequestRecord(pullRequest, ref));
  }
}

function commentsOf({ client }: ReadContext, ref: PullRequestRef): Promise<PullRequestComment[]> {
  const path = `${pullRequestPath(ref)}/comments`;
  return allRowsOrNone(keysetPages<PullRequestComment>(client, path));
}

/** The comments of each pull request, `concurrency` pull requests at a time, in order. */
export function commentsPerPullRequest<T>(
  context: ReadContext,
  items: AsyncIterable<T>,
  refOf: (item: T) => PullRequestRef | undefined,
): AsyncGenerator<{ item: T; result: PullRequestComment[] }> {
  return mapConcurrentOrdered(items, context.config.concurrency, async (item) => {
    const ref = refOf(item);
    return ref ? commentsOf(context, ref) : [];
  });
}
