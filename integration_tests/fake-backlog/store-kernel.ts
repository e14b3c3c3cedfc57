/** What the per-feature parts of the store share: counters, the clock, projects, the feed. */
import type { IdCounters } from './seed-common';
import type { Activity, Notification, Project, Star, User } from './types';

export interface StoreKernel {
  readonly counters: IdCounters;
  /** now() as ISO seconds. */
  stamp(): string;
  /** Project by id or key; throws when unknown. */
  project(idOrKey: string | number): Project;
  /** Appends an activity of `project` created now by `actor`. */
  activity(
    project: Project,
    type: number,
    content: Record<string, unknown>,
    actor: Activity['createdUser'],
    created: string,
  ): Activity;
}

/** The changeLog rendering of a field value: names for objects, comma-joined for lists. */
export function describe(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => describe(v) ?? '').join(',');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return String(o.name ?? o.id ?? JSON.stringify(o));
  }
  return String(value);
}

/** Removes the first element matching `predicate`; returns it (or undefined). */
export function removeWhere<T>(items: T[], predicate: (x: T) => boolean): T | undefined {
  const index = items.findIndex(predicate);
  return index < 0 ? undefined : items.splice(index, 1)[0];
}

/** A comment just posted on an issue or a pull request: not starred, no one notified. */
export function postedComment<Change>(
  content: string,
  changeLog: Change[],
  actor: User,
  now: string,
): {
  content: string;
  changeLog: Change[];
  createdUser: User;
  created: string;
  updated: string;
  stars: Star[];
  notifications: Notification[];
} {
  return {
    content,
    changeLog,
    createdUser: actor,
    created: now,
    updated: now,
    stars: [],
    notifications: [],
  };
}
