import { planScan, scanInProgress } from '../incremental/activity-feed';
import { cursorStartFor } from '../incremental/state-shapes';
import { UnorderedUpdatedPass } from '../incremental/unordered-pass';
import { followActivityFeed, pullRequestsAt, scanPullRequests } from '../listing/pull-request-scan';
import { checkpoint, record, type StreamDefinition } from '../stream/definition';

/**
 * Pull requests: a full scan of every repository's list (filtered by `updated`) on the first
 * sync and every `full_scan_days`; between scans, only those the activity feed reports changed,
 * one read each. The `updated` cursor moves only with full scans: the next scan must still see
 * changes the feed does not report.
 */
export const pullRequests: StreamDefinition = {
  name: 'pull_requests',
  about: {
    cost: {
      full: '1 per repository (per 100 pull requests)',
      incremental: 'between full scans: activity-feed pages, then 1 per changed pull request',
    },
    endpoint: 'GET /projects/:id/git/repositories/:repo/pullRequests',
    notes: 'full scans now and then, the activity feed between them ([how](incremental.md))',
  },
  cursorField: ['updated'],
  parentKeys: ['projectId', 'repositoryId'],
  module: 'useGit',
  async *read(context) {
    const plan = await planScan(context);
    if (plan.kind === 'activities') {
      yield* followActivityFeed(context, plan.watch, (refs) => pullRequestsAt(context, refs));
      return;
    }
    const pass = new UnorderedUpdatedPass(cursorStartFor(context), plan.startedAtMs);
    const finished = plan.finishedParentIds;
    for await (const event of scanPullRequests(context, pass, finished)) {
      if ('pullRequest' in event) {
        yield record(event.pullRequest);
      } else {
        finished.add(event.finishedRepositoryId);
        yield checkpoint({ ...context.state, ...scanInProgress(plan.watch, finished) });
      }
    }
    yield checkpoint({ ...pass.state(), ...plan.watch });
  },
};
