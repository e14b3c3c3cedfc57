import { keysetPages } from '../backlog/pagination';
import type { ReadContext } from './stream';

/** Backlog's activity type for a deleted issue. */
const ISSUE_DELETED = 4;

interface DeletionActivity {
  id: number;
  type: number;
  project?: { id: number; projectKey: string } | null;
  content?: { id?: number; key_id?: number; summary?: string } | null;
  created: string;
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

/** The id of the newest issue-deletion activity (0 if none): deletions after it are news. */
export async function latestDeletionActivityId({ client }: ReadContext): Promise<number> {
  const [latest] = await client.get<DeletionActivity[]>('/space/activities', {
    'activityTypeId[]': [ISSUE_DELETED],
    count: 1,
    order: 'desc',
  });
  return latest?.id ?? 0;
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

/**
 * Issues deleted after the watermark, from the activity feed (a deleted issue vanishes from
 * every list, so the feed is the only place Backlog reports it), with the activity id that
 * reported each. Only projects in scope count.
 */
export async function* issuesDeletedAfter(
  context: ReadContext,
  watermark: number,
): AsyncGenerator<{ tombstone: IssueTombstone | undefined; activityId: number }> {
  const { projects } = context;
  const inScope = projects.isLimited ? new Set(await projects.ids()) : undefined;
  const pages = keysetPages<DeletionActivity>(
    context.client,
    '/space/activities',
    { 'activityTypeId[]': [ISSUE_DELETED] },
    { minId: watermark },
  );
  for await (const page of pages) {
    for (const activity of page) {
      const wanted =
        activity.type === ISSUE_DELETED &&
        (!inScope || (activity.project != null && inScope.has(activity.project.id)));
      yield { tombstone: wanted ? tombstoneOf(activity) : undefined, activityId: activity.id };
    }
  }
}
