import type { BacklogClient } from '../backlog/client';
import { keysetPages } from '../backlog/pagination';
import { backlogTimestamp } from '../backlog/timestamps';
import type { JsonObject } from '../protocol/messages';
import type { ReadContext } from '../stream/definition';
import { SavedState } from './saved-state';
import { serverNowMs } from './server-clock';

const FEED = '/space/activities';

export interface FeedActivity {
  id: number;
  type: number;
  project?: { id: number; projectKey: string } | null;
  created: string;
}

/**
 * The id of the newest activity of any type: a watermark after which activities are news. (Not
 * of one type only: 0 when none of that type exists yet would look older than any retention.)
 */
export async function latestActivityId(client: BacklogClient): Promise<number> {
  const [latest] = await client.get<FeedActivity[]>(FEED, { count: 1, order: 'desc' });
  return latest?.id ?? 0;
}

/**
 * Whether the feed still holds every activity after the watermark. Backlog does not document
 * how long it keeps activities: when the oldest one it still returns is newer than the
 * watermark, some in between may be gone.
 */
export async function feedReachesBack(client: BacklogClient, watermark: number): Promise<boolean> {
  const [oldest] = await client.get<FeedActivity[]>(FEED, { count: 1, order: 'asc' });
  return oldest === undefined ? watermark === 0 : oldest.id <= watermark;
}

/**
 * Activities of these types after the watermark, oldest first, a page at a time: `activities`
 * are those in the projects in scope, `lastId` the id to resume after once the page is handled.
 */
export async function* activitiesAfter<T extends FeedActivity>(
  { client, projects }: ReadContext,
  types: number[],
  watermark: number,
): AsyncGenerator<{ activities: T[]; lastId: number }> {
  const inScope = projects.isLimited ? new Set(await projects.ids()) : undefined;
  const pages = keysetPages<T>(client, FEED, { 'activityTypeId[]': types }, { minId: watermark });
  for await (const page of pages) {
    const activities = page.filter(
      (activity) =>
        types.includes(activity.type) &&
        (!inScope || (activity.project != null && inScope.has(activity.project.id))),
    );
    yield { activities, lastId: page[page.length - 1].id };
  }
}

/** Where a stream that scans in full now and then, and follows the activity feed between, stands. */
export interface ScanWatch {
  /** The activity after which the stream's types are news. */
  activity_id: number;
  /** When the last full scan began (Backlog's clock). */
  full_scan_at: string;
}

export type ScanPlan =
  | { kind: 'activities'; watch: ScanWatch }
  | {
      kind: 'full';
      /** What to save once the scan is complete (undefined in full refresh). */
      watch: ScanWatch | undefined;
      startedAtMs: number;
      /** Parents (repositories) an interrupted scan already finished: not read again. */
      finishedParentIds: Set<number>;
    };

const SCAN_IN_PROGRESS = 'scan_in_progress';

/** The state field that lets a killed full scan resume after the parents it finished. */
export function scanInProgress(watch: ScanWatch | undefined, finished: Set<number>): JsonObject {
  return watch ? { [SCAN_IN_PROGRESS]: { ...watch, finished_parent_ids: [...finished] } } : {};
}

function savedScanInProgress(
  state: SavedState,
): { watch: ScanWatch; finished: number[] } | undefined {
  const saved = state.object(SCAN_IN_PROGRESS);
  if (!saved) return undefined;
  const activityId = saved.integer('activity_id');
  const scannedAt = saved.timestamp('full_scan_at');
  const finished = saved.fields?.finished_parent_ids;
  if (
    activityId === undefined ||
    scannedAt === undefined ||
    !Array.isArray(finished) ||
    !finished.every(Number.isInteger)
  ) {
    throw state.notUnderstood(`"${SCAN_IN_PROGRESS}" is incomplete`);
  }
  return {
    watch: { activity_id: activityId, full_scan_at: scannedAt },
    finished: finished as number[],
  };
}

/**
 * Full scan or activity feed? The feed is cheap but Backlog logs no activity for some changes
 * (edited pull-request comments) and keeps activities for an undocumented time; so an
 * incremental sync scans in full on its first run, every `full_scan_days`, and whenever the feed
 * no longer reaches back to the saved watermark. A full scan notes the newest activity before it
 * begins, so changes made while it runs are read again by the next sync, never missed.
 */
export async function planScan(context: ReadContext): Promise<ScanPlan> {
  // Resolving the projects also tells us Backlog's clock, which bounds the saved cursors.
  await context.projects.list();
  const nowMs = serverNowMs(context);
  if (context.syncMode !== 'incremental') {
    return { kind: 'full', watch: undefined, startedAtMs: nowMs, finishedParentIds: new Set() };
  }
  const saved = SavedState.of(context);
  const resumed = savedScanInProgress(saved);
  if (resumed) {
    return {
      kind: 'full',
      watch: resumed.watch,
      startedAtMs: Date.parse(resumed.watch.full_scan_at),
      finishedParentIds: new Set(resumed.finished),
    };
  }
  const activityId = saved.integer('activity_id');
  const scannedAt = saved.timestamp('full_scan_at');
  const scanDue =
    scannedAt === undefined || nowMs - Date.parse(scannedAt) >= context.config.fullScanIntervalMs;
  if (activityId !== undefined && scannedAt !== undefined && !scanDue) {
    if (await feedReachesBack(context.client, activityId)) {
      return { kind: 'activities', watch: { activity_id: activityId, full_scan_at: scannedAt } };
    }
    context.logger.warn(
      `Stream "${context.stream}": the activity feed no longer reaches back to the last sync, so this sync lists everything`,
    );
  }
  return {
    kind: 'full',
    watch: {
      activity_id: await latestActivityId(context.client),
      full_scan_at: backlogTimestamp(nowMs),
    },
    startedAtMs: nowMs,
    finishedParentIds: new Set(),
  };
}
