/**
 * Public types of the fake Backlog server: options, the request log, and the API entity
 * shapes (Backlog REST API v2 field names, see notes §6).
 */
import type { IncomingHttpHeaders } from 'node:http';

export type Bucket = 'read' | 'update' | 'search' | 'icon';
export type FaultKind = '5xx' | 'reset' | 'truncate';

export interface RateLimitOptions {
  windowMs?: number;
  limits?: Partial<Record<Bucket, number>>;
}

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessTokenTtlSec?: number;
  /**
   * Strict rotation: a refresh token dies the moment its successor is issued (Backlog may do this;
   * undocumented). Default false: every refresh token ever issued stays valid.
   */
  strictRotation?: boolean;
}

export interface FakeBacklogOptions {
  /** Deterministic data (default 1). */
  seed?: number;
  /** Number of projects, default 3: keys 'PRJ1','PRJ2',..., ids 1001, 1002, ... */
  projects?: number;
  /** Number of users, default 5. users[0] is the API user ("myself"). */
  users?: number;
  /** Total seeded issues, spread round-robin over projects, default 30. */
  issues?: number;
  /** Seeded comments per issue, default 2. */
  commentsPerIssue?: number;
  /** Override of the comment count by seeded issue index (0-based), e.g. {0: 250}. */
  commentsForIssue?: Record<number, number>;
  /** The only accepted apiKey (query param `apiKey`), default 'test-api-key'. */
  apiKey?: string;
  /** Default true. false: GET /users answers 403 (code 5) and GET /projects ignores `all`. */
  isAdmin?: boolean;
  /** IANA zone in which yyyy-MM-dd date filters are read, default 'Asia/Tokyo'. */
  timeZone?: string;
  /** Secondary order among equal sort keys on GET /issues, default 'id'. */
  tieOrder?: 'id' | 'shuffled';
  /** Delay added before every response, default 0. */
  latencyMs?: number;
  /** Rate limits per bucket; default window 60000 ms, read 600, update 150, search 150, icon 60. */
  rateLimit?: RateLimitOptions;
  oauth?: OAuthOptions;
  /** Static bearer tokens that are always accepted. */
  accessTokens?: string[];
  /** Clock for mutations (updated/created timestamps), default real time. */
  now?: () => Date;
  /**
   * Clock (epoch ms) of rate-limit windows and access-token lifetimes, default `Date.now`: a test
   * moves it by hand so that a window or a token lasts exactly as long as it needs.
   */
  realTime?: () => number;
  /** Extra: project keys the API user is NOT a member of (default none). Admins see them only with /projects?all=true. */
  notJoinedProjectKeys?: string[];
  /** Extra: project keys that are archived (default none). */
  archivedProjectKeys?: string[];
  /** Extra: editComment also appends an activity (type 3). Default false (real Backlog has no such activity). */
  activityOnCommentEdit?: boolean;
  /** Project keys whose useWiki, useDocument, useGit and useFileSharing are false (default none). */
  featuresOffProjectKeys?: string[];
  /** Seeded wiki pages per project, default 2 (ids 11001..). */
  wikisPerProject?: number;
  /** Seeded documents per project, default 2 (every 3rd one, k % 3 === 1, is a child of the previous). */
  documentsPerProject?: number;
  /** Seeded Git repositories per project, default 1 (ids 7001..). */
  repositoriesPerProject?: number;
  /** Seeded pull requests per repository, default 3 (ids 40001.., number 1.. per repository). */
  pullRequestsPerRepository?: number;
  /** Seeded comments per pull request, default 2 (ids 900001..). */
  commentsPerPullRequest?: number;
  /** Seeded teams, default 2 (ids 501..). */
  teams?: number;
  /** Seeded files in every shared-file directory (root included), default 2. */
  sharedFilesPerDirectory?: number;
  /** Override of the file count by directory path, e.g. {'/docs/': 150}. */
  sharedFilesForDirectory?: Record<string, number>;
  /** Levels of the nested directory chain /docs/specs/2024 議事録/..., default 3 (min 1). */
  sharedFileDepth?: number;
}

export interface RecordedRequest {
  method: string;
  /** URL path, e.g. '/api/v2/issues'. */
  path: string;
  query: URLSearchParams;
  /** Final HTTP status; 0 while the request is in flight and for 'reset' faults. */
  status: number;
  bucket: Bucket;
  /** Epoch milliseconds (real clock) when the request arrived. */
  at: number;
  headers: IncomingHttpHeaders;
  /** Set when a fault was applied to this request. */
  fault?: FaultKind;
}

export interface NulabAccount {
  nulabId: string;
  name: string;
  uniqueId: string;
}

export interface User {
  id: number;
  userId: string | null;
  name: string;
  roleType: number;
  lang: string | null;
  nulabAccount: NulabAccount | null;
  mailAddress: string;
  lastLoginTime: string | null;
}

export interface Project {
  id: number;
  projectKey: string;
  name: string;
  chartEnabled: boolean;
  useResolvedForChart: boolean;
  subtaskingEnabled: boolean;
  projectLeaderCanEditProjectLeader: boolean;
  useWiki: boolean;
  useDocument: boolean;
  useFileSharing: boolean;
  useWikiTreeView: boolean;
  useSubversion: boolean;
  useGit: boolean;
  useOriginalImageSizeAtWiki: boolean;
  textFormattingRule: string;
  archived: boolean;
  displayOrder: number;
  useDevAttributes: boolean;
  grandchildIssueEnabled: boolean;
}

export interface IssueType {
  id: number;
  projectId: number;
  name: string;
  color: string;
  displayOrder: number;
  templateSummary: string | null;
  templateDescription: string | null;
}

export interface Status {
  id: number;
  projectId: number;
  name: string;
  color: string;
  displayOrder: number;
}

export interface Priority {
  id: number;
  name: string;
}

export interface Resolution {
  id: number;
  name: string;
}

export interface Category {
  id: number;
  projectId: number;
  name: string;
  displayOrder: number;
}

export interface Version {
  id: number;
  projectId: number;
  name: string;
  description: string;
  startDate: string | null;
  releaseDueDate: string | null;
  archived: boolean;
  displayOrder: number;
}

export interface CustomFieldItem {
  id: number;
  name: string;
  displayOrder: number;
}

export interface CustomFieldDefinition {
  id: number;
  projectId: number;
  typeId: number;
  name: string;
  description: string;
  required: boolean;
  useIssueType: boolean;
  applicableIssueTypes: number[];
  displayOrder: number;
  allowAddItem?: boolean;
  items?: CustomFieldItem[];
}

export interface CustomFieldValue {
  id: number;
  fieldTypeId: number;
  name: string;
  value: unknown;
  otherValue?: string | null;
}

export interface Attachment {
  id: number;
  name: string;
  size: number;
}

export interface SharedFile {
  id: number;
  projectId: number;
  type: 'file' | 'directory';
  /** Parent directory with leading and trailing slash ('/' at the root). */
  dir: string;
  name: string;
  /** null for directories (our choice: no fixture shows a directory). */
  size: number | null;
  createdUser: User;
  created: string;
  /** null until the file is updated once. */
  updatedUser: User | null;
  updated: string;
}

export interface Star {
  id: number;
  comment: string | null;
  url: string;
  title: string;
  presenter: User;
  created: string;
}

export interface Issue {
  id: number;
  projectId: number;
  issueKey: string;
  keyId: number;
  issueType: Omit<IssueType, 'templateSummary' | 'templateDescription'>;
  summary: string;
  description: string;
  resolution: Resolution | null;
  priority: Priority;
  status: Status;
  assignee: User | null;
  category: Category[];
  versions: Version[];
  milestone: Version[];
  startDate: string | null;
  dueDate: string | null;
  estimatedHours: number | null;
  actualHours: number | null;
  parentIssueId: number | null;
  createdUser: User;
  created: string;
  updatedUser: User;
  updated: string;
  customFields: CustomFieldValue[];
  attachments: Attachment[];
  sharedFiles: SharedFile[];
  stars: Star[];
  externalFileLinks: unknown[];
}

export interface ChangeLogEntry {
  field: string;
  newValue: string | null;
  originalValue: string | null;
  attachmentInfo: { id: number; name: string } | null;
  attributeInfo: { id: number; typeId: number } | null;
  notificationInfo: { type: string } | null;
}

export interface Notification {
  id: number;
  alreadyRead: boolean;
  reason: number;
  user: User;
  resourceAlreadyRead: boolean;
}

export interface Comment {
  id: number;
  projectId: number;
  issueId: number;
  content: string;
  changeLog: ChangeLogEntry[] | null;
  createdUser: User;
  created: string;
  updated: string;
  stars: Star[];
  notifications: Notification[];
}

export interface ActivityChange {
  field: string;
  new_value: string;
  old_value: string;
  type: string;
}

export interface Activity {
  id: number;
  project: Project;
  type: number;
  content: Record<string, unknown>;
  notifications: Notification[];
  createdUser: User;
  created: string;
}

export interface Space {
  spaceKey: string;
  name: string;
  ownerId: number;
  lang: string;
  timezone: string;
  reportSendTime: string;
  textFormattingRule: string;
  created: string;
  updated: string;
}

export interface Tag {
  id: number;
  name: string;
}

/** Attachment of a wiki page, document or pull request (with its uploader). */
export interface FileInfo {
  id: number;
  name: string;
  size: number;
  createdUser: User;
  created: string;
}

/** Item of GET /wikis: no content, attachments, sharedFiles or stars. */
export interface WikiListItem {
  id: number;
  projectId: number;
  name: string;
  tags: Tag[];
  createdUser: User;
  created: string;
  updatedUser: User;
  updated: string;
}

/** GET /wikis/:wikiId. */
export interface WikiPage extends WikiListItem {
  content: string;
  attachments: FileInfo[];
  sharedFiles: SharedFile[];
  stars: Star[];
}

/** Item of GET /documents; GET /documents/:id adds childDocumentIds. */
export interface BacklogDocument {
  /** 32 lowercase hex characters (UUIDv7 layout without dashes). */
  id: string;
  projectId: number;
  title: string;
  plain: string;
  /** The editor document as a JSON string. */
  json: string;
  statusId: number;
  emoji: string | null;
  attachments: FileInfo[];
  tags: Tag[];
  createdUser: User;
  created: string;
  updatedUser: User;
  updated: string;
}

export interface GitRepository {
  id: number;
  projectId: number;
  name: string;
  description: string;
  hookUrl: string;
  httpUrl: string;
  sshUrl: string;
  displayOrder: number;
  pushedAt: string | null;
  createdUser: User;
  created: string;
  updatedUser: User;
  updated: string;
}

export interface PullRequestStatus {
  id: number;
  name: string;
}

export interface PullRequest {
  id: number;
  projectId: number;
  repositoryId: number;
  number: number;
  summary: string;
  description: string;
  base: string;
  branch: string;
  status: PullRequestStatus;
  assignee: User | null;
  /** {id} in lists; GET .../pullRequests/:number answers the full Issue. */
  issue: { id: number } | null;
  baseCommit: string | null;
  branchCommit: string | null;
  mergeCommit: string | null;
  closeAt: string | null;
  mergeAt: string | null;
  createdUser: User;
  created: string;
  updatedUser: User;
  updated: string;
  attachments: FileInfo[];
  stars: Star[];
}

export interface PullRequestChangeLogEntry {
  field: string;
  newValue: string | null;
  originalValue: string | null;
}

export interface PullRequestComment {
  id: number;
  content: string;
  changeLog: PullRequestChangeLogEntry[];
  createdUser: User;
  created: string;
  updated: string;
  stars: Star[];
  notifications: Notification[];
}

export interface Team {
  id: number;
  name: string;
  members: User[];
  displayOrder: number | null;
  createdUser: User;
  created: string;
  updatedUser: User;
  updated: string;
}

/** GET /projects/:project/webhooks item (backlog4j webhook.json). */
export interface Webhook {
  id: number;
  name: string;
  description: string;
  hookUrl: string;
  allEvent: boolean;
  /** [] when `allEvent` is true. */
  activityTypeIds: number[];
  createdUser: User;
  created: string;
  updatedUser: User;
  updated: string;
}

/** GET /wikis/:wikiId/history item: one saved version of a page. */
export interface WikiHistory {
  pageId: number;
  version: number;
  name: string;
  content: string;
  createdUser: User;
  created: string;
}

/** GET /users/:userId/watchings item; `issue` is the full Issue as GET /issues/:id answers. */
export interface Watching {
  id: number;
  resourceAlreadyRead: boolean;
  note: string;
  type: 'issue';
  issue: Issue;
  lastContentUpdated: string;
  created: string;
  updated: string;
}

/** GET /space/licence (every field of backlog-js `License.License`). */
export interface Licence {
  active: boolean;
  attachmentLimit: number;
  attachmentLimitPerFile: number;
  attachmentNumLimit: number;
  attribute: boolean;
  attributeLimit: number;
  burndown: boolean;
  commentLimit: number;
  componentLimit: number;
  fileSharing: boolean;
  gantt: boolean;
  git: boolean;
  grandchildIssueEnabled: boolean;
  issueLimit: number;
  licenceTypeId: number;
  limitDate: string;
  nulabAccount: boolean;
  parentChildIssue: boolean;
  postIssueByMail: boolean;
  projectLimit: number;
  pullRequestAttachmentLimitPerFile: number;
  pullRequestAttachmentNumLimit: number;
  remoteAddress: boolean;
  remoteAddressLimit: number;
  startedOn: string;
  storageLimit: number;
  subversion: boolean;
  subversionExternal: boolean;
  userLimit: number;
  versionLimit: number;
  wikiAttachment: boolean;
  wikiAttachmentLimitPerFile: number;
  wikiAttachmentNumLimit: number;
}

/** Bytes used, per kind of content (backlog-js `DiskUsage.DiskUsage`). */
export interface DiskUsageBytes {
  issue: number;
  wiki: number;
  file: number;
  subversion: number;
  git: number;
  gitLFS: number;
}

/** Bytes used by one project (backlog-js `DiskUsage.ProjectDiskUsage`). */
export interface ProjectDiskUsage extends DiskUsageBytes {
  projectId: number;
}

/** GET /space/diskUsage (backlog-js `DiskUsage.SpaceDiskUsage`): totals and one row per project. */
export interface SpaceDiskUsage extends DiskUsageBytes {
  capacity: number;
  details: ProjectDiskUsage[];
}

/** GET /space/notification. */
export interface SpaceNotification {
  content: string;
  updated: string;
}
