/** Public API of the fake Backlog server (test equipment; imports nothing from source-backlog). */
export { FakeBacklog, type RequestFilter, type RequestHook } from './server';
export { FakeBacklogStore, type IssuePatch } from './store';
export { bucketFor, DEFAULT_LIMITS, DEFAULT_WINDOW_MS } from './rate-limit';
export { FIRST_ACTIVITY_ID, FIRST_COMMENT_ID, FIRST_ISSUE_ID, tieGroups } from './generate';
export type * from './types';
