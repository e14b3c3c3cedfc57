import {
  activitiesAfter,
  feedReachesBack,
  latestActivityId,
  type FeedActivity,
} from './activity-feed';
import type { ReadContext } from './stream';

/** Backlog's activity type for a deleted issue. */
const ISSUE_DELETED = 4;

interface DeletionActivity extends FeedActivity {
  content?: { id?: number; key_id?: number; summary?: string } | null;
}

export interface IssueTombstone {
  id: number;
  projectId: number | null;
  issueKey: string | null;
  keyId: number | null;
  summary: string | null;
  /** The deletion time: later than any version of the issue, so dedupe keeps the tombstone. */
  updated: string;
  /** Airbyte's CDC convention: destinations drop (or flag) a row whose latest record has it. */
  _ab_cdc_deleted_at: string;
}

function tombstoneOf(activity: DeletionActivity): IssueTombstone | undefined {
  const issueId = activity.content?.id;
  if (!Number.isInteger(issueId)) return undefined;
  const keyId = activity.content?.key_id ?? null;
  const projectKey = activity.project?.projectKey;
  return {
    id: issueId as number,
    projectId: activity.project?.id ?? null,
    issueKey: projectKey && keyId !== null ? `${projectKey}-${keyId}` : null,
    keyId,
    summary: activity.content?.summary ?? null,
    updated: activity.created,
    _ab_cdc_deleted_at: activity.created,
  };
}

/** Where the activity feed stands: deletions after it are news. */
export function latestDeletionActivityId({ client }: ReadContext): Promise<number> {
  return latestActivityId(client);
}

/** Warns when the feed no longer holds every deletion since the last sync (retention). */
export async function warnIfDeletionsExpired(context: ReadContext, watermark: number) {
  if (await feedReachesBack(context.client, watermark)) return;
  context.logger.warn(
    'Stream "issues": the activity feed no longer reaches back to the last sync, so issues deleted in between may not be reported; a full refresh of issues corrects the copy',
  );
}

/**
 * Issues in scope deleted after the watermark, a page of the activity feed at a time (a deleted
 * issue vanishes from every list, so the feed is the only place Backlog reports it), with the
 * activity id to resume after.
 */
export async function* issuesDeletedAfter(
  context: ReadContext,
  watermark: number,
): AsyncGenerator<{ tombstones: IssueTombstone[]; lastId: number }> {
  const pages = activitiesAfter<DeletionActivity>(context, [ISSUE_DELETED], watermark);
  for await (const { activities, lastId } of pages) {
    const tombstones = activities.map(tombstoneOf).filter((t) => t !== undefined);
    yield { tombstones, lastId };
  }
}
