import { keysetPages } from '../backlog/pagination';
import { fromList, mapConcurrentOrdered } from '../fanout/ordered';
import { SavedState } from '../incremental/saved-state';
import { serverNowMs } from '../incremental/server-clock';
import { allRowsOrNone } from '../listing/collect';
import { usersInScope, type User } from '../listing/users';
import { checkpoint, record, type ReadContext, type StreamDefinition } from '../stream/definition';

interface Star {
  id: number;
  created?: string | null;
  [field: string]: unknown;
}

function starsReceivedBy({ client }: ReadContext, user: User, afterId: number | undefined) {
  return allRowsOrNone(
    keysetPages<Star>(client, `/users/${user.id}/stars`, {}, { minId: afterId }),
  );
}

/**
 * The stars each user in scope received. Star ids grow with creation time across the space, so
 * only stars above the last sync's watermark are asked for (keyset on minId), one request per
 * user. Users are read one after another: a star given during the sync to a user already read has
 * a higher id than every star created before the sync began, so the next watermark is the highest
 * id among those (less the lookback window, for late commits), never the highest id read.
 */
export const stars: StreamDefinition = {
  name: 'stars',
  about: {
    cost: { full: '1 per user in scope (per 100 stars)', incremental: '1 per user in scope' },
    endpoint: 'GET /users/:id/stars',
    notes: 'the stars each user in scope received; keyset on `minId`',
  },
  cursorField: ['id'],
  parentKeys: ['receiverId'],
  async *read(context) {
    const { users } = await usersInScope(context);
    const watermark = SavedState.of(context).integer('id');
    const settledBeforeMs = serverNowMs(context) - context.config.lookbackMs;
    const startMs = context.config.startDate ? Date.parse(context.config.startDate) : undefined;
    let nextWatermark = watermark;
    const perUser = mapConcurrentOrdered(fromList(users), context.config.concurrency, (user) =>
      starsReceivedBy(context, user, watermark),
    );
    for await (const { item: user, result } of perUser) {
      for (const star of result) {
        const createdMs = star.created ? Date.parse(star.created) : undefined;
        if (createdMs !== undefined && createdMs < settledBeforeMs) {
          nextWatermark = Math.max(nextWatermark ?? 0, star.id);
        }
        if (startMs !== undefined && (createdMs === undefined || createdMs < startMs)) continue;
        yield record({ ...star, receiverId: user.id });
      }
    }
    yield checkpoint(nextWatermark === undefined ? {} : { id: nextWatermark });
  },
};
