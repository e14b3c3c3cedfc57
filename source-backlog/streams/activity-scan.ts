import { backlogTimestamp } from '../backlog/timestamps';
import type { JsonObject } from '../protocol/messages';
import { feedReachesBack, latestActivityId } from './activity-feed';
import { savedInteger, savedTimestamp, stateNotUnderstood } from './saved-state';
import type { ReadContext } from './stream';
import { serverNowMs } from './unordered-pass';

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
  stream: string,
  state: JsonObject | undefined,
): { watch: ScanWatch; finished: number[] } | undefined {
  const saved = state?.[SCAN_IN_PROGRESS];
  if (saved === undefined || saved === null) return undefined;
  const fields = saved as JsonObject;
  const activityId = savedInteger(stream, fields, 'activity_id');
  const scannedAt = savedTimestamp(stream, fields, 'full_scan_at');
  const finished = fields.finished_parent_ids;
  if (
    activityId === undefined ||
    scannedAt === undefined ||
    !Array.isArray(finished) ||
    !finished.every(Number.isInteger)
  ) {
    throw stateNotUnderstood(stream, `"${SCAN_IN_PROGRESS}" is incomplete`);
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
export async function planScan(context: ReadContext, stream: string): Promise<ScanPlan> {
  const nowMs = serverNowMs(context);
  if (context.syncMode !== 'incremental') {
    return { kind: 'full', watch: undefined, startedAtMs: nowMs, finishedParentIds: new Set() };
  }
  const resumed = savedScanInProgress(stream, context.state);
  if (resumed) {
    return {
      kind: 'full',
      watch: resumed.watch,
      startedAtMs: Date.parse(resumed.watch.full_scan_at),
      finishedParentIds: new Set(resumed.finished),
    };
  }
  const activityId = savedInteger(stream, context.state, 'activity_id');
  const scannedAt = savedTimestamp(stream, context.state, 'full_scan_at');
  const scanDue =
    scannedAt === undefined || nowMs - Date.parse(scannedAt) >= context.config.fullScanIntervalMs;
  if (activityId !== undefined && scannedAt !== undefined && !scanDue) {
    if (await feedReachesBack(context.client, activityId)) {
      return { kind: 'activities', watch: { activity_id: activityId, full_scan_at: scannedAt } };
    }
    context.logger.warn(
      `Stream "${stream}": the activity feed no longer reaches back to the last sync, so this sync lists everything`,
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
