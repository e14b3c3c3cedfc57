import { keysetPages } from '../backlog/pagination';
import { idKeysetFor } from '../incremental/state-shapes';
import { checkpoint, record, type ReadContext, type StreamDefinition } from '../stream/definition';

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
  about: {
    cost: { full: '1 per 100 activities', incremental: '1 per 100 new activities' },
    endpoint: 'GET /space/activities',
    notes: "the space's activity feed, append-only, keyset on `minId`",
  },
  cursorField: ['id'],
  scope: 'project',
  async *read(context) {
    const keyset = idKeysetFor(context);
    const wanted = await activityFilter(context);
    const pages = keysetPages<Activity>(
      context.client,
      '/space/activities',
      {},
      {
        minId: keyset.after,
      },
    );
    for await (const page of pages) {
      for (const activity of page) {
        if (wanted(activity)) yield record(activity);
        keyset.observe(activity.id);
      }
      yield checkpoint(keyset.state());
    }
    yield checkpoint(keyset.state());
  },
};
