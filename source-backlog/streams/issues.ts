import { checkpoint, record } from './stream';
import { issuesChangedSince } from './issue-listing';
import { updatedCursorFor } from './incremental';
import { integerId, withFeedDeletions, type FeedDeletions } from './deletions';

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
  primaryKey: [['id']],
  cursorField: ['updated'],
  async *read(context) {
    const cursor = updatedCursorFor('issues', context);
    for await (const page of issuesChangedSince(context, cursor)) {
      for (const issue of page) {
        cursor.observe(issue.updated);
        yield record(issue);
      }
      yield checkpoint(cursor.state());
    }
    yield checkpoint(cursor.state());
  },
});
