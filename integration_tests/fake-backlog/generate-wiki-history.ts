/**
 * Seeded wiki history (own random stream): every seeded page has versions 1..n, version 1 at
 * `created` by `createdUser`, version n at `updated` by `updatedUser` with the page's current
 * name and content. Pages never edited (updated === created) have n = 1; the second page of
 * each project has 25..40 versions (more than one page of 20), other edited pages 2..6.
 */
import { pick, randomInt, seededRandom } from './random';
import { sortedTimes } from './seed-common';
import { isoSeconds } from './time';
import type { User, WikiHistory, WikiPage } from './types';

export function generateWikiHistory(seed: number, wikis: WikiPage[], users: User[]): WikiHistory[] {
  const rand = seededRandom(seed ^ 0x5a17);
  const pagesSeen = new Map<number, number>();
  return wikis.flatMap((page) => {
    const k = pagesSeen.get(page.projectId) ?? 0;
    pagesSeen.set(page.projectId, k + 1);
    const created = Date.parse(page.created);
    const updated = Date.parse(page.updated);
    const n = updated === created ? 1 : k === 1 ? randomInt(rand, 25, 40) : randomInt(rand, 2, 6);
    const middle = n > 2 ? sortedTimes(rand, n - 2, created, updated) : [];
    const times = n === 1 ? [created] : [created, ...middle, updated];
    return times.map((time, v): WikiHistory => {
      const version = v + 1;
      const last = version === n;
      return {
        pageId: page.id,
        version,
        name: page.name,
        content: last ? page.content : `Draft ${version} of ${page.name}.`,
        createdUser: version === 1 ? page.createdUser : last ? page.updatedUser : pick(rand, users),
        created: isoSeconds(time),
      };
    });
  });
}
