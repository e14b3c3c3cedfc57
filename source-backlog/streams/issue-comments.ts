import { isNotFound } from '../backlog/errors';
import { keysetPages } from '../backlog/pagination';
import { mapConcurrentOrdered } from './concurrent';
import { updatedCursorFor } from './incremental';
import { issuesChangedSince, type Issue } from './issue-listing';
import { savedInteger } from './saved-state';
import { checkpoint, record, type ReadContext, type StreamDefinition } from './stream';
import { UpdatedCursor, type RecordId, type UpdatedCursorState } from './updated-cursor';

interface Comment {
  id: number;
  issueId?: number;
  projectId?: number;
  created: string;
  updated: string;
  [field: string]: unknown;
}

interface IssueCommentsState extends Partial<UpdatedCursorState> {
  /** The parent walk: issues changed after this (or at it, but not listed below) are unread. */
  issues_updated?: string;
  issues_ids_at_cursor?: RecordId[];
  /** The highest comment id seen by the last complete sync: newer comments have higher ids. */
  max_comment_id?: number;
}

async function collect(pages: AsyncIterable<Comment[]>): Promise<Comment[]> {
  const all: Comment[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

/**
 * The comments of one changed issue. With a watermark from the last sync, only comments above it
 * are asked for (keyset on minId). Backlog has no filter for edited comments; an edit bumps the
 * issue's `updated` without adding a comment, so an issue whose latest change no new comment
 * explains has all its comments re-read, and the cursor keeps only the edited ones.
 */
async function commentsOfChangedIssue(
  { client }: ReadContext,
  issue: Issue,
  watermark: number | undefined,
): Promise<Comment[]> {
  const path = `/issues/${issue.id}/comments`;
  try {
    if (watermark === undefined) return await collect(keysetPages<Comment>(client, path));
    const fresh = await collect(keysetPages<Comment>(client, path, {}, { minId: watermark }));
    const issueChangedAt = Date.parse(issue.updated);
    const explained =
      Date.parse(issue.created) >= issueChangedAt ||
      fresh.some((comment) => Date.parse(comment.created) >= issueChangedAt);
    if (explained) return fresh;
    return await collect(keysetPages<Comment>(client, path));
  } catch (error) {
    // Deleted between listing and reading: nothing to copy.
    if (isNotFound(error)) return [];
    throw error;
  }
}

export const issueComments: StreamDefinition = {
  name: 'issue_comments',
  primaryKey: [['id']],
  cursorField: ['updated'],
  async *read(context) {
    const comments = updatedCursorFor('issue_comments', context);
    // A comment changed after the cursor means its issue changed after it too: without a saved
    // parent position, the walk starts at the comment cursor.
    const parents = context.state?.issues_updated
      ? updatedCursorFor('issue_comments', context, 'issues_updated', 'issues_ids_at_cursor')
      : new UpdatedCursor(comments.fromUpdated ? { updated: comments.fromUpdated } : undefined);
    const watermark =
      context.syncMode === 'incremental'
        ? savedInteger('issue_comments', context.state, 'max_comment_id')
        : undefined;
    let maxCommentId = watermark;
    const startState = comments.state();

    async function* changedIssues(): AsyncGenerator<Issue> {
      for await (const page of issuesChangedSince(context, parents)) yield* page;
    }
    const perIssue = mapConcurrentOrdered(changedIssues(), context.config.concurrency, (issue) =>
      commentsOfChangedIssue(context, issue, watermark),
    );
    let latestCommentChangeMs = Number.NEGATIVE_INFINITY;
    for await (const { item: issue, result } of perIssue) {
      for (const comment of result) {
        maxCommentId = Math.max(maxCommentId ?? 0, comment.id);
        latestCommentChangeMs = Math.max(latestCommentChangeMs, Date.parse(comment.updated));
        if (!comments.isNew(comment.updated, comment.id)) continue;
        comments.observe(comment.updated, comment.id);
        yield record({
          ...comment,
          issueId: comment.issueId ?? issue.id,
          projectId: comment.projectId ?? issue.projectId,
        });
      }
      parents.observe(issue.updated, issue.id);
      // Comments arrive grouped by issue, not by time: until the walk ends, a resumable
      // checkpoint advances only the parent walk and keeps the comment cursor where it started.
      yield checkpoint(commentsState(startState, parents.state(), watermark));
    }
    const walked = parents.state();
    // A comment newer than the issue list the walk read was written while the sync ran; others
    // written then, on issues already read, were not seen. Their issues come back in the next
    // walk: keep the cursor and the id watermark low enough that their comments pass.
    if (walked && latestCommentChangeMs > Date.parse(walked.updated)) {
      yield checkpoint(
        commentsState(cursorNoLaterThan(comments.state(), walked.updated), walked, watermark),
      );
      return;
    }
    yield checkpoint(commentsState(comments.state(), walked, maxCommentId));
  },
};

function cursorNoLaterThan(
  cursor: UpdatedCursorState | undefined,
  updated: string,
): UpdatedCursorState {
  if (cursor && Date.parse(cursor.updated) <= Date.parse(updated)) return cursor;
  return { updated };
}

function commentsState(
  cursor: UpdatedCursorState | undefined,
  parents: UpdatedCursorState | undefined,
  maxCommentId: number | undefined,
): IssueCommentsState {
  return {
    ...cursor,
    ...(parents
      ? { issues_updated: parents.updated, issues_ids_at_cursor: parents.ids_at_cursor }
      : {}),
    ...(maxCommentId !== undefined ? { max_comment_id: maxCommentId } : {}),
  };
}
