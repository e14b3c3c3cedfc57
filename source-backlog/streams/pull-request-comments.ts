import type { JsonObject } from '../protocol/messages';
import { fromList } from '../fanout/ordered';
import { planScan, scanInProgress } from '../incremental/activity-feed';
import { serverNowMs } from '../incremental/server-clock';
import { cursorStartFor, parentWalkStartFor } from '../incremental/state-shapes';
import { UnorderedUpdatedPass } from '../incremental/unordered-pass';
import {
  commentsPerPullRequest,
  followActivityFeed,
  scanPullRequests,
  type PullRequestComment,
  type PullRequestRef,
} from '../listing/pull-request-scan';
import { checkpoint, record, type StreamDefinition } from '../stream/definition';

function commentRecord(comment: PullRequestComment, ref: PullRequestRef) {
  return record({ ...comment, repositoryId: ref.repositoryId, pullRequestNumber: ref.number });
}

/** The state field of the parent walk's cursor in `pull_request_comments`. */
const PARENT_CURSOR_FIELD = 'pull_requests_updated';

/**
 * Comments of the pull requests changed since the last sync, found the way `pull_requests` finds
 * them (a new or edited comment changes its pull request's `updated`; only a new one is logged in
 * the feed). Each changed pull request's comments are read in full: edits have no filter, and a
 * pull request has few comments. Between full scans the cursors stand still, so a comment edited
 * without an activity is still newer than them at the next scan.
 */
export const pullRequestComments: StreamDefinition = {
  name: 'pull_request_comments',
  about: {
    cost: {
      full: 'the scan, then 1 per pull request',
      incremental: 'between full scans: 1 per changed pull request',
    },
    endpoint: '…/pullRequests/:number/comments',
    notes: 'only pull requests changed since the last sync are visited',
  },
  cursorField: ['updated'],
  parentKeys: ['repositoryId', 'pullRequestNumber'],
  module: 'useGit',
  async *read(context) {
    const plan = await planScan(context);
    if (plan.kind === 'activities') {
      const comments = new UnorderedUpdatedPass(cursorStartFor(context), serverNowMs(context));
      yield* followActivityFeed(context, plan.watch, async function* (refs) {
        const perPullRequest = commentsPerPullRequest(context, fromList(refs), (ref) => ref);
        for await (const { item: ref, result } of perPullRequest) {
          for (const comment of result) {
            if (comments.isNew(comment.updated)) yield commentRecord(comment, ref);
          }
        }
      });
      return;
    }
    const comments = new UnorderedUpdatedPass(cursorStartFor(context), plan.startedAtMs);
    const parents = new UnorderedUpdatedPass(
      parentWalkStartFor(context, PARENT_CURSOR_FIELD),
      plan.startedAtMs,
    );
    const finished = plan.finishedParentIds;
    const scan = scanPullRequests(context, parents, finished);
    const perPullRequest = commentsPerPullRequest(context, scan, (event) =>
      'pullRequest' in event ? event.pullRequest : undefined,
    );
    for await (const { item: event, result } of perPullRequest) {
      if ('finishedRepositoryId' in event) {
        finished.add(event.finishedRepositoryId);
        yield checkpoint({ ...context.state, ...scanInProgress(plan.watch, finished) });
        continue;
      }
      for (const comment of result) {
        if (!comments.isNew(comment.updated)) continue;
        comments.observe(comment.updated);
        yield commentRecord(comment, event.pullRequest);
      }
    }
    const walked = parents.state();
    yield checkpoint({
      ...comments.state(),
      ...(walked ? { [PARENT_CURSOR_FIELD]: walked.updated } : {}),
      ...plan.watch,
    } as JsonObject);
  },
};
