import { integerId, withFeedDeletions, type FeedDeletions } from '../incremental/feed-deletions';
import { recordsByUpdated } from '../incremental/updated-pages';
import { issuesChangedSince } from '../listing/issues';

/** A deleted issue (activity type 4) comes with its number and summary. */
const deletedIssues: FeedDeletions<{ id: number; key_id: number; summary: string }> = {
  activityType: 4,
  rows: 'issues',
  idOf: (content) => integerId(content.id),
  fieldsOf: (content, project) => {
    const keyId = content.key_id ?? null;
    return {
      issueKey: project?.projectKey && keyId !== null ? `${project.projectKey}-${keyId}` : null,
      keyId,
      summary: content.summary ?? null,
    };
  },
};

/** Issues changed since the cursor; in incremental mode also those deleted since the last sync. */
export const issues = withFeedDeletions(deletedIssues, {
  name: 'issues',
  about: {
    cost: {
      full: '1 search per 100 issues',
      incremental: '1 search per 100 changed issues, a few activity-feed reads for deletions',
    },
    endpoint: 'GET /issues',
    notes: 'filtered with `updatedSince`, sorted by `updated`; deletions from the activity feed',
  },
  cursorField: ['updated'],
  scope: 'project',
  read: (context) => recordsByUpdated(context, (cursor) => issuesChangedSince(context, cursor)),
});
