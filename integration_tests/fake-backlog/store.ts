/**
 * The fake space's data (plain API objects) and the mutations tests use to change it.
 * Every mutation stamps `updated` with now() truncated to the second and records an activity,
 * except where noted (editComment, deleteComment, setIssueUpdated, editPullRequestComment,
 * updateDocument without a title change, addTeam, updateTeam, and the membership, watching,
 * star and notification mutations). Wikis, documents, Git, shared files, project membership
 * and watchings live in store-*.ts; this class delegates to them. Issue participants and
 * received stars are derived from the content on every call, never stored twice.
 */
import {
  customFieldValues,
  embedIssueType,
  type IdCounters,
  type ProjectMetadata,
} from './generate';
import type { SeedData } from './generate';
import { DISK_CAPACITY } from './generate-space-info';
import { DocumentStore, type DocumentPatch } from './store-documents';
import { SharedFileStore } from './store-files';
import { GitStore, type PullRequestPatch } from './store-git';
import { describe, postedComment, removeWhere, type StoreKernel } from './store-kernel';
import { ProjectMembershipStore } from './store-projects';
import { WatchingStore, type WatchingPatch, type WatchingRow } from './store-watchings';
import { WikiStore, type WikiPatch } from './store-wikis';
import { isoSeconds, parseIsoSeconds } from './time';
import type {
  Activity,
  ActivityChange,
  BacklogDocument,
  ChangeLogEntry,
  Comment,
  CustomFieldDefinition,
  CustomFieldValue,
  GitRepository,
  Issue,
  Licence,
  Priority,
  Project,
  ProjectDiskUsage,
  PullRequest,
  PullRequestComment,
  Resolution,
  SharedFile,
  Space,
  SpaceDiskUsage,
  SpaceNotification,
  Star,
  Team,
  User,
  Watching,
  Webhook,
  WikiHistory,
  WikiPage,
} from './types';

export type { DocumentPatch, PullRequestPatch, WatchingPatch, WikiPatch };
export type TeamPatch = Partial<Pick<Team, 'name' | 'members' | 'displayOrder'>>;

export type IssuePatch = Partial<Omit<Issue, 'id' | 'projectId' | 'issueKey' | 'keyId'>> & {
  /** Content of the change comment created by updateIssue (default ''). */
  comment?: string;
};

export interface StoreConfig {
  now: () => Date;
  isAdmin: boolean;
  notJoinedProjectKeys: string[];
  activityOnCommentEdit: boolean;
}

export class FakeBacklogStore {
  readonly space: Space;
  readonly users: User[];
  readonly projects: Project[];
  readonly metadata: Map<number, ProjectMetadata>;
  readonly priorities: Priority[];
  readonly resolutions: Resolution[];
  /** Live issues (deleted ones are removed), in creation order. */
  readonly issues: Issue[];
  /** Live comments of live issues, in id order. */
  readonly comments: Comment[];
  /** The space activity feed, ascending id. */
  readonly activities: Activity[];
  /** Ids of issues removed by deleteIssue. */
  readonly deletedIssueIds = new Set<number>();
  /** Live wiki pages (full shape), in creation order. */
  readonly wikis: WikiPage[];
  readonly deletedWikiIds = new Set<number>();
  /** Live documents (list shape; parents are kept aside), in creation order. */
  readonly documents: BacklogDocument[];
  readonly deletedDocumentIds = new Set<string>();
  readonly repositories: GitRepository[];
  /** Pull requests ({id}-style `issue`), in creation order. */
  readonly pullRequests: PullRequest[];
  /** Pull-request comments, in id order; pullRequestCommentsOf() groups them. */
  readonly pullRequestComments: PullRequestComment[];
  /** Files and directories of every project's tree (the root itself is implicit). */
  readonly sharedFiles: SharedFile[];
  readonly teams: Team[];
  /** Every version of every wiki page (deleted pages' too), by page then version. */
  readonly wikiHistory: WikiHistory[];
  readonly licence: Licence;
  spaceNotification: SpaceNotification;
  readonly isAdmin: boolean;
  /** The user the API key / token belongs to; also the actor of mutations by default. */
  myself: User;
  private readonly counters: IdCounters;
  private readonly now: () => Date;
  private readonly joined: Set<number>;
  private readonly activityOnCommentEdit: boolean;
  private readonly wikiStore: WikiStore;
  private readonly documentStore: DocumentStore;
  private readonly gitStore: GitStore;
  private readonly fileStore: SharedFileStore;
  private readonly memberStore: ProjectMembershipStore;
  private readonly watchingStore: WatchingStore;
  /** Stars given with giveStar (seeded stars sit on the content they were given to). */
  private readonly givenStars: Array<{ receiverId: number; star: Star }> = [];

  constructor(seed: SeedData, config: StoreConfig) {
    this.space = seed.space;
    this.users = seed.users;
    this.projects = seed.projects;
    this.metadata = seed.metadata;
    this.priorities = seed.priorities;
    this.resolutions = seed.resolutions;
    this.issues = seed.issues;
    this.comments = seed.comments;
    this.activities = seed.activities;
    this.counters = seed.counters;
    this.now = config.now;
    this.isAdmin = config.isAdmin;
    this.myself = seed.users[0];
    this.activityOnCommentEdit = config.activityOnCommentEdit;
    this.joined = new Set(
      seed.projects
        .filter((p) => !config.notJoinedProjectKeys.includes(p.projectKey))
        .map((p) => p.id),
    );
    this.wikis = seed.wikis;
    this.documents = seed.documents;
    this.repositories = seed.repositories;
    this.pullRequests = seed.pullRequests;
    this.pullRequestComments = seed.pullRequestComments;
    this.sharedFiles = seed.sharedFiles;
    this.teams = seed.teams;
    this.wikiHistory = seed.wikiHistory;
    this.licence = seed.licence;
    this.spaceNotification = seed.spaceNotification;
    const kernel: StoreKernel = {
      counters: this.counters,
      stamp: () => this.stamp(),
      project: (idOrKey) => this.requireProject(idOrKey),
      activity: (project, type, content, actor, created) =>
        this.pushProjectActivity(project, type, content, actor, created),
    };
    this.wikiStore = new WikiStore(kernel, this.wikis, this.deletedWikiIds, this.wikiHistory);
    this.documentStore = new DocumentStore(
      kernel,
      this.documents,
      seed.documentParents,
      this.deletedDocumentIds,
    );
    this.gitStore = new GitStore(
      kernel,
      this.repositories,
      this.pullRequests,
      this.pullRequestComments,
      seed.pullRequestCommentParents,
      (id) => this.issues.find((i) => i.id === id),
    );
    this.fileStore = new SharedFileStore(kernel, this.sharedFiles);
    this.memberStore = new ProjectMembershipStore(seed.membership, seed.webhooks);
    this.watchingStore = new WatchingStore(kernel, seed.watchings);
  }

  // ---- lookups -------------------------------------------------------------------------

  isJoined(projectId: number): boolean {
    return this.joined.has(projectId);
  }

  /** Project by numeric id or key, or undefined. */
  findProject(idOrKey: string | number): Project | undefined {
    const s = String(idOrKey);
    return /^\d+$/.test(s)
      ? this.projects.find((p) => p.id === Number(s))
      : this.projects.find((p) => p.projectKey === s);
  }

  /** Live issue by numeric id or issue key, or undefined. */
  findIssue(idOrKey: string | number): Issue | undefined {
    const s = String(idOrKey);
    return /^\d+$/.test(s)
      ? this.issueById().get(Number(s))
      : this.issues.find((i) => i.issueKey === s);
  }

  /** Live comments of an issue, ascending id. */
  commentsOf(issueId: number): Comment[] {
    return (this.commentsByIssue().get(issueId) ?? []).slice();
  }

  /** Members of a project, ascending id (the API user exactly where it joined). */
  projectUsers(projectId: number): User[] {
    return this.users.filter((u) =>
      u.id === this.myself.id
        ? this.isJoined(projectId)
        : this.memberStore.isMember(projectId, u.id),
    );
  }

  /** The project's administrators: some of its members, ascending id. */
  projectAdministrators(projectId: number): User[] {
    return this.projectUsers(projectId).filter((u) =>
      this.memberStore.isAdministrator(projectId, u.id),
    );
  }

  /** Teams assigned to a project, ascending id. */
  projectTeams(projectId: number): Team[] {
    return this.teams
      .filter((t) => this.memberStore.hasTeam(projectId, t.id))
      .sort((a, b) => a.id - b.id);
  }

  /** Webhooks of a project, ascending id. */
  webhooksOf(projectId: number): Webhook[] {
    return this.memberStore.webhooksOf(projectId);
  }

  /** Versions of a wiki page, ascending (deleted pages keep theirs). */
  wikiHistoryOf(pageId: number): WikiHistory[] {
    return this.wikiStore.historyOf(pageId);
  }

  /** Who created or commented on the issue, each once, in order of first participation. */
  issueParticipants(issueId: number): User[] {
    const issue = this.findIssue(issueId);
    if (!issue) return [];
    const seen = new Map<number, User>();
    for (const user of [issue.createdUser, ...this.commentsOf(issueId).map((c) => c.createdUser)]) {
      if (!seen.has(user.id)) seen.set(user.id, user);
    }
    return [...seen.values()];
  }

  /**
   * A user's watchings of live issues in projects the API user joined, ascending id; each
   * embeds the issue as it is now (`lastContentUpdated` is its `updated`).
   */
  watchingsOf(userId: number): Watching[] {
    return this.watchingStore.of(userId).flatMap((row) => {
      const watching = this.watchingOf(row);
      return watching && this.isJoined(watching.issue.projectId) ? [watching] : [];
    });
  }

  /**
   * Stars a user received, ascending id: those on issues, comments, wiki pages, pull requests
   * and pull-request comments the user created, and those given with giveStar.
   */
  starsReceivedBy(userId: number): Star[] {
    const content: Array<{ createdUser: User; stars: Star[] }> = [
      ...this.issues,
      ...this.comments,
      ...this.wikis,
      ...this.pullRequests,
      ...this.pullRequestComments,
    ];
    return [
      ...content.filter((c) => c.createdUser.id === userId).flatMap((c) => c.stars),
      ...this.givenStars.filter((g) => g.receiverId === userId).map((g) => g.star),
    ].sort((a, b) => a.id - b.id);
  }

  /**
   * Bytes used per project (every project, in order) and in total: issue and wiki
   * attachments, shared files, and a fixed size per Git repository plus pull-request
   * attachments; LFS on odd project ids that have repositories; no Subversion.
   */
  diskUsage(): SpaceDiskUsage {
    const details = new Map<number, ProjectDiskUsage>(
      this.projects.map((p) => [
        p.id,
        { projectId: p.id, issue: 0, wiki: 0, file: 0, subversion: 0, git: 0, gitLFS: 0 },
      ]),
    );
    const add = (
      projectId: number,
      field: keyof Omit<ProjectDiskUsage, 'projectId'>,
      n: number,
    ) => {
      const row = details.get(projectId);
      if (row) row[field] += n;
    };
    const sizes = (files: Array<{ size: number }>) => files.reduce((sum, f) => sum + f.size, 0);
    for (const issue of this.issues) add(issue.projectId, 'issue', sizes(issue.attachments));
    for (const page of this.wikis) add(page.projectId, 'wiki', sizes(page.attachments));
    for (const file of this.sharedFiles) add(file.projectId, 'file', file.size ?? 0);
    for (const repo of this.repositories) {
      add(repo.projectId, 'git', (((repo.id * 7919) % 900) + 100) * 1024);
      if (repo.projectId % 2 === 1) add(repo.projectId, 'gitLFS', 5 * 1_048_576);
    }
    for (const pr of this.pullRequests) add(pr.projectId, 'git', sizes(pr.attachments));
    const rows = [...details.values()];
    const total = (field: keyof Omit<ProjectDiskUsage, 'projectId'>) =>
      rows.reduce((sum, row) => sum + row[field], 0);
    return {
      capacity: DISK_CAPACITY,
      issue: total('issue'),
      wiki: total('wiki'),
      file: total('file'),
      subversion: total('subversion'),
      git: total('git'),
      gitLFS: total('gitLFS'),
      details: rows,
    };
  }

  childIssueSummary(issueId: number): { total: number; closed: number } {
    const children = this.issues.filter((i) => i.parentIssueId === issueId);
    return { total: children.length, closed: children.filter((i) => i.status.id === 4).length };
  }

  findWiki(id: number): WikiPage | undefined {
    return this.wikiStore.find(id);
  }

  findDocument(id: string): BacklogDocument | undefined {
    return this.documentStore.find(id);
  }

  /** Parent id of a document (internal; the API does not expose it), or null. */
  documentParentId(id: string): string | null {
    return this.documentStore.parentId(id);
  }

  /** Ids of a document's live children, in creation order (GET /documents/:id childDocumentIds). */
  childDocumentIds(id: string): string[] {
    return this.documentStore.childIds(id);
  }

  /** Repository of a project by repository id or name. */
  findRepository(
    projectIdOrKey: string | number,
    repoIdOrName: string | number,
  ): GitRepository | undefined {
    const project = this.findProject(projectIdOrKey);
    return project && this.gitStore.findRepository(project.id, repoIdOrName);
  }

  findPullRequest(repositoryId: number, number: number): PullRequest | undefined {
    return this.gitStore.findPullRequest(repositoryId, number);
  }

  /** Comments of a pull request (by its id), ascending id. */
  pullRequestCommentsOf(pullRequestId: number): PullRequestComment[] {
    return this.gitStore.commentsOf(pullRequestId);
  }

  /** Id of the pull request a comment belongs to. */
  pullRequestIdOfComment(commentId: number): number | undefined {
    return this.gitStore.pullRequestIdOf(commentId);
  }

  /** Whether '/' or '/a/b/' is a directory of the project's shared files. */
  isSharedDirectory(projectId: number, dir: string): boolean {
    return this.fileStore.isDirectory(projectId, dir);
  }

  /** Shared files and directories directly in `dir` ('/' or '/a/b/'), ascending id. */
  sharedFilesIn(projectId: number, dir: string): SharedFile[] {
    return this.fileStore.entriesIn(projectId, dir);
  }

  findTeam(id: number): Team | undefined {
    return this.teams.find((t) => t.id === id);
  }

  // ---- mutations -----------------------------------------------------------------------

  /**
   * Changes fields of an issue like a user edit: bumps `updated`/`updatedUser`, creates a
   * comment (content `patch.comment` or '') whose changeLog lists the changed fields, and
   * appends an activity of type 2. Returns the issue.
   */
  updateIssue(id: number, patch?: IssuePatch, actor: User = this.myself): Issue {
    const issue = this.requireIssue(id);
    const { comment: commentContent = '', ...fields } = patch ?? {};
    const changes: Record<string, unknown> =
      Object.keys(fields).length > 0 || commentContent !== ''
        ? fields
        : { description: `${issue.description}\nEdited.`.trimStart() };
    const changeLog: ChangeLogEntry[] = [];
    const target = issue as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(changes)) {
      const before = describe(target[field]);
      const after = describe(value);
      target[field] = value;
      if (before !== after) {
        changeLog.push({
          field,
          newValue: after,
          originalValue: before,
          attachmentInfo: null,
          attributeInfo: null,
          notificationInfo: null,
        });
      }
    }
    const now = this.stamp();
    issue.updated = now;
    issue.updatedUser = actor;
    this.revision++;
    const comment = this.pushComment(issue, commentContent, changeLog, actor, now);
    this.pushActivity(issue, 2, actor, now, {
      comment: { id: comment.id, content: comment.content },
      changes: changeLog.map((c): ActivityChange => ({
        field: c.field,
        new_value: c.newValue ?? '',
        old_value: c.originalValue ?? '',
        type: 'standard',
      })),
    });
    return issue;
  }

  /** Creates an issue (next global issue id, next keyId of the project); activity type 1. */
  addIssue(projectIdOrKey: string | number, patch?: IssuePatch, actor: User = this.myself): Issue {
    const project = this.requireProject(projectIdOrKey);
    const meta = this.metadata.get(project.id) as ProjectMetadata;
    const keyId =
      Math.max(
        0,
        ...this.issues.filter((i) => i.projectId === project.id).map((i) => i.keyId),
        ...this.activities
          .filter((a) => a.project.id === project.id && a.type <= 4)
          .map((a) => Number(a.content.key_id ?? 0)),
      ) + 1;
    const now = this.stamp();
    const fields: IssuePatch = { ...patch };
    delete fields.comment;
    const issue: Issue = {
      id: this.counters.issue++,
      projectId: project.id,
      issueKey: `${project.projectKey}-${keyId}`,
      keyId,
      issueType: embedIssueType(meta.issueTypes[0]),
      summary: `New issue ${keyId}`,
      description: '',
      resolution: null,
      priority: this.priorities[1],
      status: meta.statuses[0],
      assignee: null,
      category: [],
      versions: [],
      milestone: [],
      startDate: null,
      dueDate: null,
      estimatedHours: null,
      actualHours: null,
      parentIssueId: null,
      createdUser: actor,
      created: now,
      updatedUser: actor,
      updated: now,
      customFields: customFieldValues(meta.customFields, undefined),
      attachments: [],
      sharedFiles: [],
      stars: [],
      externalFileLinks: [],
      ...fields,
    };
    this.issues.push(issue);
    this.revision++;
    this.pushActivity(issue, 1, actor, now, {});
    return issue;
  }

  /** Deletes an issue and its comments (they vanish from every list); activity type 4. */
  deleteIssue(id: number, actor: User = this.myself): void {
    const issue = this.requireIssue(id);
    this.issues.splice(this.issues.indexOf(issue), 1);
    for (let k = this.comments.length - 1; k >= 0; k--) {
      if (this.comments[k].issueId === id) this.comments.splice(k, 1);
    }
    this.deletedIssueIds.add(id);
    this.revision++;
    this.pushActivity(issue, 4, actor, this.stamp(), {});
  }

  /** Adds a comment (next global comment id); bumps the issue's `updated`; activity type 3. */
  addComment(issueId: number, content: string, actor: User = this.myself): Comment {
    const issue = this.requireIssue(issueId);
    const now = this.stamp();
    const comment = this.pushComment(issue, content, [], actor, now);
    issue.updated = now;
    issue.updatedUser = actor;
    this.pushActivity(issue, 3, actor, now, { comment: { id: comment.id, content } });
    return comment;
  }

  /**
   * Edits a comment's content and `updated`, and bumps the parent issue's `updated` (our
   * documented assumption). No activity, since real Backlog has no comment-edit activity type,
   * unless the option activityOnCommentEdit is set (then type 3).
   */
  editComment(commentId: number, content: string, actor: User = this.myself): Comment {
    const comment = this.requireComment(commentId);
    const issue = this.requireIssue(comment.issueId);
    const now = this.stamp();
    comment.content = content;
    comment.updated = now;
    issue.updated = now;
    this.revision++;
    issue.updatedUser = actor;
    if (this.activityOnCommentEdit) {
      this.pushActivity(issue, 3, actor, now, { comment: { id: comment.id, content } });
    }
    return comment;
  }

  /** Extra: removes a comment and bumps the issue's `updated`; no activity. */
  deleteComment(commentId: number, actor: User = this.myself): void {
    const comment = this.requireComment(commentId);
    const issue = this.requireIssue(comment.issueId);
    this.comments.splice(this.comments.indexOf(comment), 1);
    this.revision++;
    issue.updated = this.stamp();
    issue.updatedUser = actor;
  }

  /** Test helper: sets an exact `updated` (ISO, seconds) without any activity or comment. */
  setIssueUpdated(id: number, iso: string): Issue {
    const issue = this.requireIssue(id);
    issue.updated = isoSeconds(parseIsoSeconds(iso));
    this.revision++;
    return issue;
  }

  // ---- wikis, documents, Git, shared files, teams ------------------------------------------

  /** Creates a wiki page (next wiki id); activity 5. */
  addWiki(projectIdOrKey: string | number, patch?: WikiPatch, actor: User = this.myself): WikiPage {
    return this.wikiStore.add(projectIdOrKey, patch, actor);
  }

  /** Applies `patch` (default: appends a line to `content`), bumps `updated`; activity 6. */
  updateWiki(id: number, patch?: WikiPatch, actor: User = this.myself): WikiPage {
    return this.wikiStore.update(id, patch, actor);
  }

  /** Removes a wiki page (404 from then on); activity 7. */
  deleteWiki(id: number, actor: User = this.myself): void {
    this.wikiStore.delete(id, actor);
  }

  /** Creates a document (optionally under `patch.parentId`); activity 36. */
  addDocument(
    projectIdOrKey: string | number,
    patch?: DocumentPatch,
    actor: User = this.myself,
  ): BacklogDocument {
    return this.documentStore.add(projectIdOrKey, patch, actor);
  }

  /**
   * Applies `patch` (default: appends a line to `plain`/`json`) and bumps `updated`; activity
   * 38 only when the title changed (Backlog has no activity type for other document edits).
   */
  updateDocument(id: string, patch?: DocumentPatch, actor: User = this.myself): BacklogDocument {
    return this.documentStore.update(id, patch, actor);
  }

  /** Removes a document (children move up one level); activity 37. */
  deleteDocument(id: string, actor: User = this.myself): void {
    this.documentStore.delete(id, actor);
  }

  /** Creates a Git repository (next repository id); activity 13. */
  addRepository(
    projectIdOrKey: string | number,
    name: string,
    actor: User = this.myself,
  ): GitRepository {
    return this.gitStore.addRepository(projectIdOrKey, name, actor);
  }

  /** Opens a pull request (next PR id, next number of the repository); activity 18. */
  addPullRequest(
    projectIdOrKey: string | number,
    repoIdOrName: string | number,
    patch?: PullRequestPatch,
    actor: User = this.myself,
  ): PullRequest {
    return this.gitStore.addPullRequest(projectIdOrKey, repoIdOrName, patch, actor);
  }

  /** Edits a pull request like a user: change comment with changeLog; activity 19. */
  updatePullRequest(
    projectIdOrKey: string | number,
    repoIdOrName: string | number,
    number: number,
    patch?: PullRequestPatch,
    actor: User = this.myself,
  ): PullRequest {
    return this.gitStore.updatePullRequest(projectIdOrKey, repoIdOrName, number, patch, actor);
  }

  /** Comments on a pull request; bumps its `updated`; activity 20. */
  addPullRequestComment(
    projectIdOrKey: string | number,
    repoIdOrName: string | number,
    number: number,
    content: string,
    actor: User = this.myself,
  ): PullRequestComment {
    return this.gitStore.addComment(projectIdOrKey, repoIdOrName, number, content, actor);
  }

  /** Edits a pull-request comment: bumps the comment's and the PR's `updated`; no activity. */
  editPullRequestComment(
    commentId: number,
    content: string,
    actor: User = this.myself,
  ): PullRequestComment {
    return this.gitStore.editComment(commentId, content, actor);
  }

  /** Adds a file to directory `dir` ('/a/b/' or 'a/b'), creating missing directories; activity 8. */
  addSharedFile(
    projectIdOrKey: string | number,
    dir: string,
    name: string,
    size = 1024,
    actor: User = this.myself,
  ): SharedFile {
    return this.fileStore.add(projectIdOrKey, dir, name, size, actor);
  }

  /** Creates a team (next team id); no activity. */
  addTeam(patch?: TeamPatch, actor: User = this.myself): Team {
    const now = this.stamp();
    const id = this.counters.team++;
    const team: Team = {
      id,
      name: `Team ${id}`,
      members: [],
      displayOrder: null,
      createdUser: actor,
      created: now,
      updatedUser: actor,
      updated: now,
      ...patch,
    };
    this.teams.push(team);
    return team;
  }

  /** Applies `patch` (default: renames) and bumps `updated`; no activity. */
  updateTeam(id: number, patch?: TeamPatch, actor: User = this.myself): Team {
    const team = this.findTeam(id);
    if (!team) throw new Error(`No team with id ${id}`);
    Object.assign(team, patch ?? { name: `${team.name} (renamed)` });
    team.updated = this.stamp();
    team.updatedUser = actor;
    return team;
  }

  /** Removes a team; no activity. */
  deleteTeam(id: number): void {
    if (!removeWhere(this.teams, (t) => t.id === id)) throw new Error(`No team with id ${id}`);
  }

  // ---- membership, watchings, stars, space notification -----------------------------------

  /** Makes a user a member of a project; for the API user that means joining it. No activity. */
  addProjectMember(projectIdOrKey: string | number, userId: number): void {
    const project = this.requireProject(projectIdOrKey);
    this.requireUser(userId);
    if (userId === this.myself.id) this.joined.add(project.id);
    else this.memberStore.addMember(project.id, userId);
  }

  /** Assigns a team to a project (GET /projects/:project/teams lists it). No activity. */
  assignTeamToProject(teamId: number, projectIdOrKey: string | number): void {
    if (!this.findTeam(teamId)) throw new Error(`No team with id ${teamId}`);
    this.memberStore.assignTeam(this.requireProject(projectIdOrKey).id, teamId);
  }

  /** A user starts watching an issue (next watching id, created = updated = now, unread). */
  addWatching(userId: number, issueId: number, note = ''): Watching {
    this.requireUser(userId);
    this.requireIssue(issueId);
    return this.watchingOf(this.watchingStore.add(userId, issueId, note))!;
  }

  /** Changes a watching's note or read flag and bumps its `updated` to now. */
  updateWatching(id: number, patch: WatchingPatch): Watching {
    const watching = this.watchingOf(this.watchingStore.update(id, patch));
    if (!watching) throw new Error(`The issue of watching ${id} is gone`);
    return watching;
  }

  /** Gives a user a star (next star id, above every seeded one), created now. */
  giveStar(
    receiverUserId: number,
    star: { title?: string; url?: string; comment?: string } = {},
    presenter: User = this.myself,
  ): Star {
    this.requireUser(receiverUserId);
    const id = this.counters.star++;
    const given: Star = {
      id,
      comment: star.comment ?? null,
      url: star.url ?? `https://fakespace.backlog.com/star/${id}`,
      title: star.title ?? `Star ${id}`,
      presenter,
      created: this.stamp(),
    };
    this.givenStars.push({ receiverId: receiverUserId, star: given });
    return given;
  }

  /**
   * Adds a custom field to a project, as an administrator would (no activity): the next id over
   * every project's fields; list types get their items. Existing issues carry no value for it
   * until setCustomFieldValue, new ones carry an empty value.
   */
  addCustomField(
    projectIdOrKey: string | number,
    field: { typeId: number; name: string; items?: string[] },
  ): CustomFieldDefinition {
    const project = this.requireProject(projectIdOrKey);
    const meta = this.metadata.get(project.id) as ProjectMetadata;
    const every = [...this.metadata.values()].flatMap((m) => m.customFields);
    const definition: CustomFieldDefinition = {
      id: Math.max(0, ...every.map((f) => f.id)) + 1,
      projectId: project.id,
      typeId: field.typeId,
      name: field.name,
      description: '',
      required: false,
      useIssueType: false,
      applicableIssueTypes: [],
      displayOrder: meta.customFields.length,
      ...(field.items
        ? {
            allowAddItem: false,
            items: field.items.map((name, index) => ({ id: index + 1, name, displayOrder: index })),
          }
        : {}),
    };
    meta.customFields.push(definition);
    return definition;
  }

  /**
   * Sets an issue's value of a custom field of its project, as an edit (updateIssue: `updated`,
   * a change comment, an activity). `value` has the field type's shape (see
   * docs of CustomFieldValue); `otherValue` is for check box and radio fields.
   */
  setCustomFieldValue(
    issueId: number,
    fieldId: number,
    value: unknown,
    otherValue?: string | null,
  ): Issue {
    const issue = this.requireIssue(issueId);
    const meta = this.metadata.get(issue.projectId) as ProjectMetadata;
    const field = meta.customFields.find((f) => f.id === fieldId);
    if (!field) throw new Error(`Project ${issue.projectId} has no custom field ${fieldId}`);
    const entry: CustomFieldValue = {
      id: field.id,
      fieldTypeId: field.typeId,
      name: field.name,
      value,
      ...(otherValue !== undefined ? { otherValue } : {}),
    };
    const others = issue.customFields.filter((f) => f.id !== fieldId);
    return this.updateIssue(issueId, { customFields: [...others, entry] });
  }

  /** Replaces the space notification; `updated` = now. */
  setSpaceNotification(content: string): SpaceNotification {
    this.spaceNotification = { content, updated: this.stamp() };
    return this.spaceNotification;
  }

  // ---- internals -----------------------------------------------------------------------

  private watchingOf(row: WatchingRow): Watching | undefined {
    const issue = this.findIssue(row.issueId);
    if (!issue) return undefined;
    return {
      id: row.id,
      resourceAlreadyRead: row.resourceAlreadyRead,
      note: row.note,
      type: 'issue',
      issue,
      lastContentUpdated: issue.updated,
      created: row.created,
      updated: row.updated,
    };
  }

  private requireUser(id: number): User {
    const user = this.users.find((u) => u.id === id);
    if (!user) throw new Error(`No user with id ${id}`);
    return user;
  }

  /**
   * Performance only (large spaces): lookup indexes over `issues` and `comments`, rebuilt after
   * any mutation (`revision`). Both arrays only grow at the end and shrink by removal, so their
   * length and last element, also checked on every lookup, reveal a membership change made
   * without a mutation method too.
   */
  private issueIndex?: IndexOf<Issue, Map<number, Issue>>;
  private commentIndex?: IndexOf<Comment, Map<number, Comment[]>>;
  private revision = 0;

  /**
   * Extra (performance only): a number that every mutation of an issue or comment changes, so
   * views derived from them (the sorted issue order of GET /issues) can be cached between
   * mutations. Writes to the arrays or objects that bypass the mutation methods do not change it.
   */
  get issueRevision(): number {
    return this.revision;
  }

  private issueById(): Map<number, Issue> {
    if (!isCurrent(this.issueIndex, this.issues, this.revision)) {
      const map = new Map<number, Issue>();
      for (const issue of this.issues) if (!map.has(issue.id)) map.set(issue.id, issue);
      this.issueIndex = indexOf(this.issues, this.revision, map);
    }
    return this.issueIndex!.value;
  }

  private commentsByIssue(): Map<number, Comment[]> {
    if (!isCurrent(this.commentIndex, this.comments, this.revision)) {
      const map = new Map<number, Comment[]>();
      for (const comment of this.comments) {
        const list = map.get(comment.issueId);
        if (list) list.push(comment);
        else map.set(comment.issueId, [comment]);
      }
      this.commentIndex = indexOf(this.comments, this.revision, map);
    }
    return this.commentIndex!.value;
  }

  private requireProject(idOrKey: string | number): Project {
    const project = this.findProject(idOrKey);
    if (!project) throw new Error(`No project ${idOrKey}`);
    return project;
  }

  private pushProjectActivity(
    project: Project,
    type: number,
    content: Record<string, unknown>,
    actor: User,
    created: string,
  ): Activity {
    const activity: Activity = {
      id: this.counters.activity++,
      project,
      type,
      content,
      notifications: [],
      createdUser: actor,
      created,
    };
    this.activities.push(activity);
    return activity;
  }

  private stamp(): string {
    return isoSeconds(this.now());
  }

  private requireIssue(id: number): Issue {
    const issue = this.issues.find((i) => i.id === id);
    if (!issue) throw new Error(`No issue with id ${id}`);
    return issue;
  }

  private requireComment(id: number): Comment {
    const comment = this.comments.find((c) => c.id === id);
    if (!comment) throw new Error(`No comment with id ${id}`);
    return comment;
  }

  private pushComment(
    issue: Issue,
    content: string,
    changeLog: ChangeLogEntry[],
    actor: User,
    now: string,
  ): Comment {
    const comment: Comment = {
      id: this.counters.comment++,
      projectId: issue.projectId,
      issueId: issue.id,
      ...postedComment(content, changeLog, actor, now),
    };
    this.comments.push(comment);
    this.revision++;
    return comment;
  }

  private pushActivity(
    issue: Issue,
    type: number,
    actor: User,
    now: string,
    extra: Record<string, unknown>,
  ): Activity {
    const content = {
      id: issue.id,
      key_id: issue.keyId,
      summary: issue.summary,
      description: issue.description,
      ...extra,
    };
    return this.pushProjectActivity(
      this.requireProject(issue.projectId),
      type,
      content,
      actor,
      now,
    );
  }
}

/** A lookup index and the state of the array it was built from. */
interface IndexOf<T, V> {
  value: V;
  length: number;
  last: T | undefined;
  revision: number;
}

function indexOf<T, V>(items: T[], revision: number, value: V): IndexOf<T, V> {
  return { value, length: items.length, last: items[items.length - 1], revision };
}

function isCurrent<T, V>(index: IndexOf<T, V> | undefined, items: T[], revision: number): boolean {
  return (
    index !== undefined &&
    index.revision === revision &&
    index.length === items.length &&
    index.last === items[items.length - 1]
  );
}
