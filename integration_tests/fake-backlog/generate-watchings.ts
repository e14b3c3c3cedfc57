/**
 * Seeded watchings (own random stream): the user at index u watches [3, 0, 4, 2, 0, 5][u % 6]
 * distinct issues (fewer when the space has fewer), from some time after the issue's creation.
 * Ids ascend with `created` across the space; even-numbered watchings of a user were edited.
 */
import { randomInt, seededRandom } from './random';
import { laterTime, type IdCounters } from './seed-common';
import { isoSeconds } from './time';
import type { Issue, User } from './types';

/** A watching as the store keeps it; the API embeds the live issue (see FakeBacklogStore). */
export interface WatchingRow {
  id: number;
  userId: number;
  issueId: number;
  note: string;
  resourceAlreadyRead: boolean;
  created: string;
  updated: string;
}

const PER_USER = [3, 0, 4, 2, 0, 5];
const NOTES = ['', 'Follow up after the release.', '顧客から問い合わせあり', 'Blocks our sprint.'];

export function generateWatchings(
  seed: number,
  users: User[],
  issues: Issue[],
  counters: IdCounters,
): WatchingRow[] {
  const rand = seededRandom(seed ^ 0x3a7c);
  const pending: Array<Omit<WatchingRow, 'id'> & { at: number }> = [];
  users.forEach((user, u) => {
    const count = Math.min(PER_USER[u % PER_USER.length], issues.length);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(randomInt(rand, 0, issues.length - 1));
    [...chosen].forEach((index, k) => {
      const issue = issues[index];
      const at = laterTime(rand, Date.parse(issue.created), 90);
      const updated = k % 2 === 0 ? laterTime(rand, at, 30) : at;
      pending.push({
        userId: user.id,
        issueId: issue.id,
        note: NOTES[(u + k) % NOTES.length],
        resourceAlreadyRead: rand() < 0.5,
        created: isoSeconds(at),
        updated: isoSeconds(updated),
        at,
      });
    });
  });
  pending.sort((a, b) => a.at - b.at || a.userId - b.userId || a.issueId - b.issueId);
  return pending.map(({ at: _at, ...row }) => ({ id: counters.watching++, ...row }));
}
