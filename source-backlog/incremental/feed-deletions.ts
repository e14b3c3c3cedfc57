import type { JsonObject } from '../protocol/messages';
import {
  activitiesAfter,
  feedReachesBack,
  latestActivityId,
  type FeedActivity,
} from './activity-feed';
import { SavedState } from './saved-state';
import { checkpoint, record, type ReadContext, type StreamDefinition } from '../stream/definition';

/** The state field: the activity after which deletions are news (saved states have this name). */
const WATERMARK = 'deleted_after_activity_id';

/**
 * How the activity feed reports one kind of row deleted. A deleted row vanishes from every list,
 * so the feed is the only place Backlog reports it. `Content` is the activity's `content`, whose
 * fields may all be missing.
 */
export interface FeedDeletions<Content> {
  /** Backlog's activity type for the deletion. */
  activityType: number;
  /** What the rows are, in the warning ("issues", "wiki pages"). */
  rows: string;
  /** The deleted row's key, or undefined when the activity has none usable (it is skipped). */
  idOf(content: Partial<Content>): number | string | undefined;
  /** The row's other fields the activity carries, null where it has none. */
  fieldsOf(content: Partial<Content>, project: FeedActivity['project']): JsonObject;
}

interface DeletionActivity<Content> extends FeedActivity {
  content?: Partial<Content> | null;
}

/** The id when it is an integer (every Backlog id but documents'). */
export function integerId(id: unknown): number | undefined {
  return Number.isInteger(id) ? (id as number) : undefined;
}

function tombstoneOf<Content>(
  deletions: FeedDeletions<Content>,
  activity: DeletionActivity<Content>,
): JsonObject | undefined {
  const content = activity.content ?? {};
  const id = deletions.idOf(content);
  if (id === undefined) return undefined;
  return {
    id,
    projectId: activity.project?.id ?? null,
    ...deletions.fieldsOf(content, activity.project),
    // The cursor (`updated` in every such stream) at the deletion time: later than any version
    // of the row, so dedupe keeps the tombstone.
    updated: activity.created,
    // Airbyte's CDC convention: destinations drop (or flag) a row whose latest record has it.
    _ab_cdc_deleted_at: activity.created,
  };
}

/**
 * The stream, and in incremental mode, after its changed rows, the rows in scope deleted since the
 * last sync: one tombstone each (key, the fields the activity carries, `updated` and
 * `_ab_cdc_deleted_at` = the deletion time). Every checkpoint of the stream also carries the
 * activity id after which deletions are news; a first sync only notes where the feed stands (rows
 * deleted before it were never copied). Scope is `project_keys`, whatever modules a project has
 * on: a row deleted is gone either way.
 */
export function withFeedDeletions<Content>(
  deletions: FeedDeletions<Content>,
  stream: StreamDefinition,
): StreamDefinition {
  return {
    ...stream,
    async *read(context) {
      if (context.syncMode !== 'incremental') {
        yield* stream.read(context);
        return;
      }
      const saved = SavedState.of(context).integer(WATERMARK);
      let watermark = saved ?? (await latestActivityId(context.client));
      let streamState: JsonObject = context.state ?? {};
      const state = () => checkpoint({ ...streamState, [WATERMARK]: watermark });

      for await (const event of stream.read(context)) {
        if ('record' in event) yield event;
        else {
          streamState = event.checkpoint;
          yield state();
        }
      }
      if (saved !== undefined) {
        await warnIfExpired(context, deletions.rows, saved);
        // After the rows: one read and then deleted gets its tombstone after its record.
        const pages = activitiesAfter<DeletionActivity<Content>>(
          context,
          [deletions.activityType],
          saved,
        );
        for await (const { activities, lastId } of pages) {
          for (const activity of activities) {
            const tombstone = tombstoneOf(deletions, activity);
            if (tombstone) yield record(tombstone);
          }
          watermark = lastId;
          yield state();
        }
      }
      yield state();
    },
  };
}

/** Warns when the feed no longer holds every deletion since the last sync (retention). */
async function warnIfExpired(context: ReadContext, rows: string, since: number) {
  if (await feedReachesBack(context.client, since)) return;
  const { stream } = context;
  context.logger.warn(
    `Stream "${stream}": the activity feed no longer reaches back to the last sync, so ${rows} deleted in between may not be reported; a full refresh of ${stream} corrects the copy`,
  );
}
