import type { BacklogClient } from '../backlog/client';
import { keysetPages } from '../backlog/pagination';
import type { ReadContext } from './stream';

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
