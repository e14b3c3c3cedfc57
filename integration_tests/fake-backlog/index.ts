/** Public API of the fake Backlog server (test equipment; imports nothing from source-backlog). */
export { FakeBacklog, type RequestFilter, type RequestHook } from './server';
export {
  FakeBacklogStore,
  type DocumentPatch,
  type IssuePatch,
  type PullRequestPatch,
  type TeamPatch,
  type WikiPatch,
} from './store';
export { bucketFor, DEFAULT_LIMITS, DEFAULT_WINDOW_MS } from './rate-limit';
export { tieGroups } from './generate';
export {
  documentId,
  FIRST_ACTIVITY_ID,
  FIRST_COMMENT_ID,
  FIRST_ISSUE_ID,
  FIRST_PULL_REQUEST_COMMENT_ID,
  FIRST_PULL_REQUEST_ID,
  FIRST_REPOSITORY_ID,
  FIRST_SHARED_FILE_ID,
  FIRST_TEAM_ID,
  FIRST_WIKI_ID,
  isTiedWithPrevious,
} from './seed-common';
export type * from './types';
