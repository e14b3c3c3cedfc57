/**
 * Seeded teams (no activities: Backlog has no team activity type). Team t has the users at
 * indexes u with (u + t) % 2 === 0, except t % 3 === 2 teams, which are empty;
 * `displayOrder` is null for odd t.
 */
import { pick, seededRandom } from './random';
import { laterTime, SEED_END, SEED_START, sortedTimes, type IdCounters } from './seed-common';
import { isoSeconds } from './time';
import type { Team, User } from './types';

const NAMES = ['Developers', 'デザインチーム', 'QA', 'Ops team', 'Sales & Support'];

export function generateTeams(
  seed: number,
  count: number,
  users: User[],
  counters: IdCounters,
): Team[] {
  const rand = seededRandom(seed ^ 0x7ea3);
  return sortedTimes(rand, count, SEED_START, SEED_END).map((time, t) => {
    const createdUser = users[0];
    const updated = t % 2 === 0 ? laterTime(rand, time, 100) : time;
    return {
      id: counters.team++,
      name: t < NAMES.length ? NAMES[t] : `${NAMES[t % NAMES.length]} ${t}`,
      members: t % 3 === 2 ? [] : users.filter((_u, u) => (u + t) % 2 === 0),
      displayOrder: t % 2 === 0 ? t : null,
      createdUser,
      created: isoSeconds(time),
      updatedUser: updated === time ? createdUser : pick(rand, users),
      updated: isoSeconds(updated),
    };
  });
}
