import { keysetPages } from '../backlog/pagination';
import { savedInteger } from './saved-state';
import { checkpoint, record, type ReadContext, type StreamDefinition } from './stream';

interface Activity {
  id: number;
  project?: { id: number } | null;
  created: string;
  [field: string]: unknown;
}

/** Which activities belong in the sync: projects in scope, created at or after start_date. */
async function activityFilter({
  projects,
  config,
}: ReadContext): Promise<(activity: Activity) => boolean> {
  const projectIds = projects.isLimited ? new Set(await projects.ids()) : undefined;
  const startMs = config.startDate ? Date.parse(config.startDate) : undefined;
  return (activity) =>
    (!projectIds || (activity.project != null && projectIds.has(activity.project.id))) &&
    (startMs === undefined || Date.parse(activity.created) >= startMs);
}

/**
 * The space's activity feed: append-only with ascending global ids, so the cursor is the last id
 * read and each page is a safe checkpoint. GET /space/activities covers every project the user
 * has joined in one keyset walk; a `project_keys` scope is applied to the rows.
 */
export const activities: StreamDefinition = {
  name: 'activities',
  primaryKey: [['id']],
  cursorField: ['id'],
  async *read(context) {
    let lastId =
      context.syncMode === 'incremental'
        ? savedInteger('activities', context.state, 'id')
        : undefined;
    const wanted = await activityFilter(context);
    const pages = keysetPages<Activity>(context.client, '/space/activities', {}, { minId: lastId });
    for await (const page of pages) {
      for (const activity of page) {
        if (wanted(activity)) yield record(activity);
        lastId = Math.max(lastId ?? activity.id, activity.id);
      }
      yield checkpoint({ id: lastId });
    }
    yield checkpoint(lastId === undefined ? {} : { id: lastId });
  },
};
