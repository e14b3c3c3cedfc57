import { keysetPages } from '../backlog/pagination';
import { backlogTimestamp } from '../backlog/timestamps';
import { mapConcurrentOrdered } from '../fanout/ordered';
import { SavedState } from '../incremental/saved-state';
import { serverNowMs } from '../incremental/server-clock';
import { parentWalkStartFor } from '../incremental/state-shapes';
import { UpdatedCursor } from '../incremental/updated-cursor';
import { allRows, unlessGone } from '../listing/collect';
import { eachIssueChangedSince, type Issue } from '../listing/issues';
import { checkpoint, record, type ReadContext, type StreamDefinition } from '../stream/definition';

interface Comment {
  id: number;
  issueId?: number;
  projectId?: number;
  created: string;
  updated: string;
  [field: string]: unknown;
}

interface IssueCommentsState {
  /** The newest comment `updated` emitted: the stream's cursor, for people reading the state. */
  updated?: string;
  /** The parent walk's cursor: issues changed at or after it (less the lookback) are walked. */
  issues_updated?: string;
  /** Every comment with an id up to this one existed before the last sync began. */
  max_comment_id?: number;
  /** An issue last updated before this had all its comments read by an earlier sync. */
  comments_read_before?: string;
}

/**
 * The comments of one changed issue. With a watermark from the last sync, only comments above it
 * are asked for (keyset on minId). Backlog has no filter for edited comments; an edit bumps the
 * issue's `updated` without adding a comment, so an issue whose latest change no new comment
 * explains has all its comments re-read.
 */
async function commentsOfChangedIssue(
  { client }: ReadContext,
  issue: Issue,
  watermark: number | undefined,
): Promise<Comment[]> {
  const path = `/issues/${issue.id}/comments`;
  const all = () => allRows(keysetPages<Comment>(client, path));
  const comments = await unlessGone(async () => {
    if (watermark === undefined) return all();
    const fresh = await allRows(keysetPages<Comment>(client, path, {}, { minId: watermark }));
    const issueChangedAt = Date.parse(issue.updated);
    const explained =
      Date.parse(issue.created) >= issueChangedAt ||
      fresh.some((comment) => Date.parse(comment.created) >= issueChangedAt);
    return explained ? fresh : all();
  });
  return comments ?? [];
}

/**
 * Comments of the issues changed since the last sync. The issue walk carries the lookback window
 * (see `UpdatedCursor`); within it, an issue last updated before `comments_read_before` changed
 * before the last sync began and had its comments read then, so it costs no request now.
 *
 * Comment ids grow with creation time across the space, so the next watermark is the highest id
 * among comments created before this sync began (less the lookback, for late commits): a comment
 * written while the sync runs, on an issue it already read, gets a higher id and is found through
 * its issue next time, even when a comment on another issue read later has a higher one.
 */
export const issueComments: StreamDefinition = {
  name: 'issue_comments',
  about: {
    cost: {
      full: 'the issue pages, then 1 per issue (per 100 comments)',
      incremental: '1 per changed issue; issues settled at the last sync cost nothing',
    },
    endpoint: 'GET /issues/:id/comments',
    notes: 'records also carry `projectId`; only issues changed since the last sync are visited',
  },
  cursorField: ['updated'],
  parentKeys: ['issueId'],
  scope: 'project',
  async *read(context) {
    const saved = readState(context);
    const parentStart = parentWalkStartFor(context, 'issues_updated');
    // Issues last updated before the last complete sync's reads need none now: the walk starts
    // there, so a bulk update sitting in the window is not paged through again.
    const readBefore = saved.comments_read_before;
    const parents = new UpdatedCursor({
      ...parentStart,
      startDate: laterOf(parentStart.startDate, readBefore),
    });
    const watermark = saved.max_comment_id;
    const readBeforeMs = readBefore ? Date.parse(readBefore) : undefined;
    // An edited comment is re-read with all its issue's comments; those older than what the last
    // complete sync read were emitted then. (A state from before comments_read_before has the
    // comment cursor; a first sync, also one resumed from a checkpoint, emits every comment.)
    const editedFromMs =
      readBeforeMs ??
      (saved.updated
        ? Date.parse(saved.updated) - context.config.lookbackMs
        : Number.NEGATIVE_INFINITY);
    const { startDate } = context.config;
    const startMs = startDate ? Date.parse(startDate) : Number.NEGATIVE_INFINITY;

    // Backlog's clock, from an answer before the first comment is read (any earlier stream's).
    if (context.client.serverTimeMs === undefined) await context.projects.list();
    const settledBeforeMs = serverNowMs(context) - context.config.lookbackMs;
    let nextWatermark = watermark;
    let newestMs = saved.updated ? Date.parse(saved.updated) : Number.NEGATIVE_INFINITY;

    const issues = eachIssueChangedSince(context, parents);
    const perIssue = mapConcurrentOrdered(issues, context.config.concurrency, (issue) =>
      commentsOfChangedIssue(context, issue, watermark),
    );
    for await (const { item: issue, result } of perIssue) {
      for (const comment of result) {
        if (Date.parse(comment.created) < settledBeforeMs) {
          nextWatermark = Math.max(nextWatermark ?? 0, comment.id);
        }
        const updatedMs = Date.parse(comment.updated);
        const fresh = watermark !== undefined && comment.id > watermark;
        if (updatedMs < startMs || (!fresh && updatedMs < editedFromMs)) continue;
        newestMs = Math.max(newestMs, updatedMs);
        yield record({
          ...comment,
          issueId: comment.issueId ?? issue.id,
          projectId: comment.projectId ?? issue.projectId,
        });
      }
      parents.observe(issue.updated);
      // Comments arrive grouped by issue, not by time: until the walk ends, a resumable
      // checkpoint advances only the parent walk.
      yield checkpoint({ ...saved, issues_updated: parents.state()?.updated });
    }
    yield checkpoint({
      ...(Number.isFinite(newestMs) ? { updated: backlogTimestamp(newestMs) } : {}),
      issues_updated: parents.state()?.updated,
      max_comment_id: nextWatermark,
      comments_read_before: backlogTimestamp(settledBeforeMs),
    } satisfies IssueCommentsState);
  },
};

function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function readState(context: ReadContext): IssueCommentsState {
  const saved = SavedState.of(context);
  return {
    updated: saved.timestamp('updated'),
    issues_updated: saved.timestamp('issues_updated'),
    max_comment_id: saved.integer('max_comment_id'),
    comments_read_before: saved.timestamp('comments_read_before'),
  };
}
