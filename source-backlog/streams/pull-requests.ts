import { keysetPages, offsetPages } from '../backlog/pagination';
import { isNotFound } from '../backlog/errors';
import { backlogTimestamp } from '../backlog/timestamps';
import type { JsonObject } from '../protocol/messages';
import { mapConcurrentOrdered } from './concurrent';
import { perProject } from './fan-out';
import type { Project } from './project-scope';
import { checkpoint, record, type ReadContext, type StreamDefinition } from './stream';
import { unorderedPassFor, type UnorderedUpdatedPass } from './unordered-pass';

interface Repository {
  id: number;
  name: string;
}

interface PullRequest {
  id: number;
  projectId: number;
  repositoryId: number;
  number: number;
  updated: string;
  [field: string]: unknown;
}

interface PullRequestComment {
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
 * repository out) and `closeAt`/`mergeAt` as ISO-8601 whatever form Backlog sent them in.
 */
export function pullRequestRecord(
  pullRequest: PullRequest,
  parents: { projectId: number; repositoryId: number },
): PullRequest {
  return {
    ...pullRequest,
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

/**
 * Pull requests changed since the pass's cursor. The list has neither an `updated` filter nor a
 * sort (it is newest number first), so every repository's list is read in full: pages of 100,
 * read requests, a small cost next to the issues.
 */
async function* changedPullRequests(
  context: ReadContext,
  pass: UnorderedUpdatedPass,
): AsyncGenerator<PullRequest> {
  for await (const { project, repository } of repositories(context)) {
    const pages = offsetPages<PullRequest>(context.client, pullRequestsPath(project, repository));
    for await (const page of pages) {
      for (const pullRequest of page) {
        if (!pass.isNew(pullRequest.updated, pullRequest.id)) continue;
        pass.observe(pullRequest.updated, pullRequest.id);
        yield pullRequestRecord(pullRequest, {
          projectId: project.id,
          repositoryId: repository.id,
        });
      }
    }
  }
}

export const pullRequests: StreamDefinition = {
  name: 'pull_requests',
  primaryKey: [['id']],
  cursorField: ['updated'],
  async *read(context) {
    // Resolving the projects also tells us Backlog's clock, which bounds the saved cursor.
    await context.projects.list();
    const pass = unorderedPassFor('pull_requests', context);
    for await (const pullRequest of changedPullRequests(context, pass)) yield record(pullRequest);
    yield checkpoint(pass.state());
  },
};

async function commentsOf(
  { client }: ReadContext,
  pullRequest: PullRequest,
): Promise<PullRequestComment[]> {
  const path = `/projects/${pullRequest.projectId}/git/repositories/${pullRequest.repositoryId}/pullRequests/${pullRequest.number}/comments`;
  const comments: PullRequestComment[] = [];
  try {
    for await (const page of keysetPages<PullRequestComment>(client, path)) comments.push(...page);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return comments;
}

/**
 * Comments of the pull requests changed since the last sync (a new or edited comment changes its
 * pull request's `updated`). Each changed pull request's comments are read in full: edits have no
 * filter, and a pull request has few comments.
 */
export const pullRequestComments: StreamDefinition = {
  name: 'pull_request_comments',
  primaryKey: [['id']],
  cursorField: ['updated'],
  async *read(context) {
    // Resolving the projects also tells us Backlog's clock, which bounds the saved cursors.
    await context.projects.list();
    const comments = unorderedPassFor('pull_request_comments', context);
    const parents = context.state?.pull_requests_updated
      ? unorderedPassFor(
          'pull_request_comments',
          context,
          'pull_requests_updated',
          'pull_requests_ids_at_cursor',
        )
      : unorderedPassFor('pull_request_comments', context);
    const perPullRequest = mapConcurrentOrdered(
      changedPullRequests(context, parents),
      context.config.concurrency,
      (pullRequest) => commentsOf(context, pullRequest),
    );
    for await (const { item: pullRequest, result } of perPullRequest) {
      for (const comment of result) {
        if (!comments.isNew(comment.updated, comment.id)) continue;
        comments.observe(comment.updated, comment.id);
        yield record({
          ...comment,
          repositoryId: pullRequest.repositoryId,
          pullRequestNumber: pullRequest.number,
        });
      }
    }
    const walked = parents.state();
    yield checkpoint({
      ...comments.state(),
      ...(walked
        ? {
            pull_requests_updated: walked.updated,
            pull_requests_ids_at_cursor: walked.ids_at_cursor,
          }
        : {}),
    } as JsonObject);
  },
};
