/**
 * Seeded project webhooks by project id (own random stream; no activities): [2, 0, 3, 1][p % 4] for project
 * p (0-based), ids ascending with `created` across the space. Webhook k of a project listens to
 * every event when (p + k) % 2 === 1 (then `activityTypeIds` is []); even k were edited later.
 */
import { pick, seededRandom } from './random';
import { creationTimes, laterTime, type IdCounters } from './seed-common';
import { isoSeconds } from './time';
import type { Project, User, Webhook } from './types';

const PER_PROJECT = [2, 0, 3, 1];
const NAMES = ['Slack 通知', 'CI trigger', 'Chat bridge', 'Audit log'];
const EVENT_SETS = [
  [1, 2, 3],
  [1, 2, 3, 4, 14],
  [5, 6, 7],
  [18, 19, 20],
];

export function generateWebhooks(
  seed: number,
  projects: Project[],
  users: User[],
  counters: IdCounters,
): Map<number, Webhook[]> {
  const rand = seededRandom(seed ^ 0x4e6b);
  const slots = projects.flatMap((project, p) =>
    Array.from({ length: PER_PROJECT[p % PER_PROJECT.length] }, (_x, k) => ({ project, p, k })),
  );
  const times = creationTimes(rand, slots.length);
  const byProject = new Map<number, Webhook[]>(projects.map((project) => [project.id, []]));
  slots.forEach(({ project, p, k }, i) => {
    const id = counters.webhook++;
    const createdUser = pick(rand, users);
    const updated = k % 2 === 0 ? laterTime(rand, times[i], 60) : times[i];
    const allEvent = (p + k) % 2 === 1;
    byProject.get(project.id)!.push({
      id,
      name: NAMES[(p + k) % NAMES.length],
      description: k % 2 === 0 ? '' : `Posts ${project.projectKey} updates.`,
      hookUrl: `https://hooks.example.test/${project.projectKey.toLowerCase()}/${id}`,
      allEvent,
      activityTypeIds: allEvent ? [] : [...EVENT_SETS[(p + k) % EVENT_SETS.length]],
      createdUser,
      created: isoSeconds(times[i]),
      updatedUser: updated === times[i] ? createdUser : pick(rand, users),
      updated: isoSeconds(updated),
    });
  });
  return byProject;
}
