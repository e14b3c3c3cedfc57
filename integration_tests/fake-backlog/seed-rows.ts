/**
 * Rows nested in seeded entities (attachments, stars, notifications), one shape for every
 * generator. Each draws from `rand` in the same order an inline literal would, so the seeded
 * data does not change with the generator that builds it.
 */
import { pick, randomInt, type Random } from './random';
import type { IdCounters } from './seed-common';
import type { FileInfo, Notification, Star, User } from './types';

/** An attachment with the next attachment id and a random size. */
export function seededAttachment(
  rand: Random,
  counters: IdCounters,
  name: string,
  createdUser: User,
  created: string,
): FileInfo {
  return {
    id: counters.attachment++,
    name,
    size: randomInt(rand, 1000, 90000),
    createdUser,
    created,
  };
}

/** A star with the next star id, given by a random user. */
export function seededStar(
  rand: Random,
  counters: IdCounters,
  users: User[],
  star: Pick<Star, 'url' | 'title' | 'created'> & { comment?: string },
): Star {
  return {
    id: counters.star++,
    comment: star.comment ?? null,
    url: star.url,
    title: star.title,
    presenter: pick(rand, users),
    created: star.created,
  };
}

/** An unread notification (reason 2) with the next notification id, to a random user. */
export function seededNotification(
  rand: Random,
  counters: IdCounters,
  users: User[],
): Notification {
  return {
    id: counters.notification++,
    alreadyRead: false,
    reason: 2,
    user: pick(rand, users),
    resourceAlreadyRead: false,
  };
}
