import { checkpoint, record, type StreamDefinition } from './stream';
import { issuesChangedSince } from './issue-listing';
import { updatedCursorFor } from './incremental';
import {
  issuesDeletedAfter,
  latestDeletionActivityId,
  warnIfDeletionsExpired,
} from './issue-deletions';
import { savedInteger } from './saved-state';

/**
 * Issues changed since the cursor; in incremental mode also the issues deleted since the last
 * sync, as tombstones carrying `_ab_cdc_deleted_at`. A first sync only notes where the activity
 * feed's deletions stand: issues deleted before it were never copied.
 */
export const issues: StreamDefinition = {
  name: 'issues',
  primaryKey: [['id']],
  cursorField: ['updated'],
  async *read(context) {
    const cursor = updatedCursorFor('issues', context);
    const incremental = context.syncMode === 'incremental';
    const savedWatermark = incremental
      ? savedInteger('issues', context.state, 'deleted_after_activity_id')
      : undefined;
    let deletionWatermark =
      savedWatermark ?? (incremental ? await latestDeletionActivityId(context) : undefined);
    const state = () => ({
      ...cursor.state(),
      ...(deletionWatermark !== undefined ? { deleted_after_activity_id: deletionWatermark } : {}),
    });

    for await (const page of issuesChangedSince(context, cursor)) {
      for (const issue of page) {
        cursor.observe(issue.updated, issue.id);
        yield record(issue);
      }
      yield checkpoint(state());
    }
    if (savedWatermark !== undefined) {
      await warnIfDeletionsExpired(context, savedWatermark);
      // After the listing: an issue read and then deleted gets its tombstone after its record.
      for await (const { tombstones, lastId } of issuesDeletedAfter(context, savedWatermark)) {
        for (const tombstone of tombstones) yield record(tombstone);
        deletionWatermark = lastId;
        yield checkpoint(state());
      }
    }
    yield checkpoint(state());
  },
};
