/**
 * Pieces shared by the seeded generators: the time window, first ids of every counter, the
 * pending-activity type the feed is merged from, and small helpers.
 */
import { seededRandom, type Random } from './random';
import type { Activity, Project, User } from './types';

export const SEED_START = Date.UTC(2024, 0, 1);
export const SEED_END = Date.UTC(2025, 5, 30, 23, 59, 59);
export const DAY = 86_400_000;

export const FIRST_ISSUE_ID = 20001;
export const FIRST_COMMENT_ID = 300001;
export const FIRST_ACTIVITY_ID = 5000001;
export const FIRST_WIKI_ID = 11001;
export const FIRST_REPOSITORY_ID = 7001;
export const FIRST_PULL_REQUEST_ID = 40001;
export const FIRST_PULL_REQUEST_COMMENT_ID = 900001;
export const FIRST_TEAM_ID = 501;
export const FIRST_SHARED_FILE_ID = 90001;
export const FIRST_WEBHOOK_ID = 3001;
export const FIRST_WATCHING_ID = 150001;

/** Next free id of each global counter. */
export interface IdCounters {
  issue: number;
  comment: number;
  activity: number;
  attachment: number;
  star: number;
  sharedFile: number;
  notification: number;
  wiki: number;
  /** Sequence number inside document ids (not an id itself). */
  document: number;
  repository: number;
  pullRequest: number;
  pullRequestComment: number;
  team: number;
  webhook: number;
  watching: number;
}

/** The counters before anything is seeded: every kind's first id. */
export function firstIds(): IdCounters {
  return {
    issue: FIRST_ISSUE_ID,
    comment: FIRST_COMMENT_ID,
    activity: FIRST_ACTIVITY_ID,
    attachment: 70001,
    star: 80001,
    sharedFile: FIRST_SHARED_FILE_ID,
    notification: 600001,
    wiki: FIRST_WIKI_ID,
    document: 1,
    repository: FIRST_REPOSITORY_ID,
    pullRequest: FIRST_PULL_REQUEST_ID,
    pullRequestComment: FIRST_PULL_REQUEST_COMMENT_ID,
    team: FIRST_TEAM_ID,
    webhook: FIRST_WEBHOOK_ID,
    watching: FIRST_WATCHING_ID,
  };
}

/**
 * An activity of the seeded feed before it has an id. The feed is sorted by `time`, then
 * `group` (issues 0, wikis 1, files 2, documents 3, repositories 4, pull requests 5, pull
 * request comments 6), then `rank` (the entity's own creation order), and numbered.
 */
export interface PendingActivity {
  time: number;
  group: number;
  rank: number;
  make: (id: number) => Activity;
}

export function activityOf(
  project: Project,
  type: number,
  content: Record<string, unknown>,
  createdUser: User,
  created: string,
): (id: number) => Activity {
  return (id) => ({ id, project, type, content, notifications: [], createdUser, created });
}

/** n random instants in [from, to), truncated to seconds, ascending. */
export function sortedTimes(rand: Random, n: number, from: number, to: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(Math.floor((from + rand() * (to - from)) / 1000) * 1000);
  return times.sort((a, b) => a - b);
}

/** A later instant (seconds) between `from` + 1 min and `from` + maxDays, capped at SEED_END. */
export function laterTime(rand: Random, from: number, maxDays: number): number {
  return Math.min(SEED_END, Math.floor((from + 60_000 + rand() * maxDays * DAY) / 1000) * 1000);
}

/** n creation instants, ascending, from `from` to 30 days before SEED_END (room for edits). */
export function creationTimes(rand: Random, n: number, from = SEED_START): number[] {
  return sortedTimes(rand, n, from, SEED_END - 30 * DAY);
}

/** Indexes k (of a per-parent list) whose `updated` is forced equal to that of k - 1. */
export function isTiedWithPrevious(k: number): boolean {
  return k % 5 === 1;
}

/**
 * `updated` of rows dealt round-robin over `parents` parents (row i is the k = i / parents'th
 * of its parent): a laterTime up to editDays(k) days after `created[i]`, or `created[i]` when
 * editDays(k) is null; then isTiedWithPrevious(k) rows share `updated` with their parent's
 * row k - 1.
 */
export function roundRobinUpdated(
  rand: Random,
  created: number[],
  parents: number,
  editDays: (k: number) => number | null,
): number[] {
  const updated = created.map((c, i) => {
    const days = editDays(Math.floor(i / parents));
    return days === null ? c : laterTime(rand, c, days);
  });
  for (let i = 0; i < created.length; i++) {
    if (!isTiedWithPrevious(Math.floor(i / parents))) continue;
    const prev = i - parents;
    updated[i] = updated[prev] = Math.max(updated[i], updated[prev]);
  }
  return updated;
}

/** Where the k'th comment of parent `parent` falls in time. */
export interface CommentSlot {
  time: number;
  parent: number;
  k: number;
}

/**
 * count(i) comments for each parent i, within (created[i], updated[i]] and the last at
 * updated[i] (a parent's `updated` is its last comment), ordered by time, parent, then k.
 */
export function commentSlots(
  rand: Random,
  count: (parent: number) => number,
  created: number[],
  updated: number[],
): CommentSlot[] {
  const slots: CommentSlot[] = [];
  created.forEach((from, parent) => {
    const n = count(parent);
    if (n <= 0) return;
    const times = sortedTimes(rand, n - 1, from + 1000, updated[parent]);
    times.push(updated[parent]);
    times.forEach((time, k) => slots.push({ time, parent, k }));
  });
  return slots.sort((a, b) => a.time - b.time || a.parent - b.parent || a.k - b.k);
}

/** 40 lowercase hex characters (a commit id) from the random stream. */
export function commitHash(rand: Random): string {
  let hex = '';
  while (hex.length < 40)
    hex += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return hex.slice(0, 40);
}

/**
 * A document id: 32 lowercase hex characters laid out like a UUIDv7 without dashes, as real
 * ones are (48-bit creation ms, version 7, 12-bit sequence, variant, 62 hashed bits). Ids
 * therefore sort by creation time as strings; equal milliseconds sort by `seq`.
 */
export function documentId(createdMs: number, seq: number): string {
  const hashed = seededRandom(0x0d0c ^ Math.imul(seq, 0x9e3779b1));
  const word = () =>
    Math.floor(hashed() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  const variant = (8 + (seq % 4)).toString(16);
  return (
    createdMs.toString(16).padStart(12, '0') +
    '7' +
    (seq % 0x1000).toString(16).padStart(3, '0') +
    variant +
    (word() + word()).slice(0, 15)
  );
}
