import type { BacklogClient } from '../backlog/client';
import { isNotFound, isPermissionDenied } from '../backlog/errors';
import { driftTolerantOffsetRows } from '../backlog/pagination';
import { serverNowMs } from '../incremental/server-clock';
import { cursorStartFor } from '../incremental/state-shapes';
import { UnorderedUpdatedPass } from '../incremental/unordered-pass';
import { usersInScope, type User } from '../listing/users';
import { checkpoint, record, type StreamDefinition } from '../stream/definition';

interface Watching {
  id: number;
  updated: string;
  [field: string]: unknown;
}

/**
 * One user's watchings changed at or after `fromMs`, oldest change first. The list has no date
 * filter but sorts by `updated`: the walk seeks past older rows, tolerant of rows that move to the
 * end while it runs.
 */
async function* watchingsOf(
  client: BacklogClient,
  user: User,
  fromMs: number | undefined,
): AsyncGenerator<Watching[]> {
  const path = `/users/${user.id}/watchings`;
  yield* driftTolerantOffsetRows<Watching>(
    (offset, count) => client.get(path, { sort: 'updated', order: 'asc', offset, count }),
    (watching) => ({ id: watching.id, version: Date.parse(watching.updated) }),
    { fromVersion: fromMs },
  );
}

/**
 * The issues each user in scope watches (the users of the `users` stream). Each user's list is
 * sorted by `updated`, but users are read one after another, so the cursor never passes the start
 * of the pass (see `UnorderedUpdatedPass`). Backlog may refuse another user's list to a key that is
 * not an administrator: those users are skipped with one warning.
 */
export const watchings: StreamDefinition = {
  name: 'watchings',
  about: {
    cost: {
      full: '1 per user in scope (per 100 watchings)',
      incremental: '1 per user in scope, a few more to seek in long lists',
    },
    endpoint: 'GET /users/:id/watchings',
    notes: "per user in scope; other users' lists may need an administrator",
  },
  cursorField: ['updated'],
  parentKeys: ['userId'],
  async *read(context) {
    const { users } = await usersInScope(context);
    const pass = new UnorderedUpdatedPass(cursorStartFor(context), serverNowMs(context));
    const fromMs = pass.fromUpdated === undefined ? undefined : Date.parse(pass.fromUpdated);
    const refused: User[] = [];
    for (const user of users) {
      try {
        for await (const page of watchingsOf(context.client, user, fromMs)) {
          for (const watching of page) {
            if (!pass.isNew(watching.updated)) continue;
            pass.observe(watching.updated);
            yield record({ ...watching, userId: user.id });
          }
        }
      } catch (error) {
        if (isPermissionDenied(error)) refused.push(user);
        // A user removed from the space while the sync runs has no list any more.
        else if (!isNotFound(error)) throw error;
      }
    }
    if (refused.length > 0) {
      context.logger.warn(
        `Stream "watchings": Backlog refused the watching lists of ${refused.length} of ${users.length} users (an administrator's key reads them all)`,
      );
    }
    yield checkpoint(pass.state());
  },
};
