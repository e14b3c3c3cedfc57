/**
 * The fake space's data (plain API objects) and the mutations tests use to change it.
 * Every mutation stamps `updated` with now() truncated to the second and records an activity,
 * except where noted (editComment, deleteComment, setIssueUpdated).
 */
import {
  customFieldValues,
  embedIssueType,
  type IdCounters,
  type ProjectMetadata,
} from './generate';
import type { SeedData } from './generate';
import { isoSeconds, parseIsoSeconds } from './time';
import type {
  Activity,
  ActivityChange,
  ChangeLogEntry,
  Comment,
  Issue,
  Priority,
  Project,
  Resolution,
  Space,
  User,
} from './types';

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
  readonly isAdmin: boolean;
  /** The user the API key / token belongs to; also the actor of mutations by default. */
  myself: User;
  private readonly counters: IdCounters;
  private readonly now: () => Date;
  private readonly joined: Set<number>;
  private readonly activityOnCommentEdit: boolean;

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
      ? this.issues.find((i) => i.id === Number(s))
      : this.issues.find((i) => i.issueKey === s);
  }

  /** Live comments of an issue, ascending id. */
  commentsOf(issueId: number): Comment[] {
    return this.comments.filter((c) => c.issueId === issueId);
  }

  /** Members of a project (every user; the API user only if it joined the project). */
  projectUsers(projectId: number): User[] {
    return this.users.filter((u) => u.id !== this.myself.id || this.isJoined(projectId));
  }

  childIssueSummary(issueId: number): { total: number; closed: number } {
    const children = this.issues.filter((i) => i.parentIssueId === issueId);
    return { total: children.length, closed: children.filter((i) => i.status.id === 4).length };
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
    const project = this.findProject(projectIdOrKey);
    if (!project) throw new Error(`No project ${projectIdOrKey}`);
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
    issue.updated = this.stamp();
    issue.updatedUser = actor;
  }

  /** Test helper: sets an exact `updated` (ISO, seconds) without any activity or comment. */
  setIssueUpdated(id: number, iso: string): Issue {
    const issue = this.requireIssue(id);
    issue.updated = isoSeconds(parseIsoSeconds(iso));
    return issue;
  }

  // ---- internals -----------------------------------------------------------------------

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
      content,
      changeLog,
      createdUser: actor,
      created: now,
      updated: now,
      stars: [],
      notifications: [],
    };
    this.comments.push(comment);
    return comment;
  }

  private pushActivity(
    issue: Issue,
    type: number,
    actor: User,
    now: string,
    extra: Record<string, unknown>,
  ): Activity {
    const activity: Activity = {
      id: this.counters.activity++,
      project: this.findProject(issue.projectId) as Project,
      type,
      content: {
        id: issue.id,
        key_id: issue.keyId,
        summary: issue.summary,
        description: issue.description,
        ...extra,
      },
      notifications: [],
      createdUser: actor,
      created: now,
    };
    this.activities.push(activity);
    return activity;
  }
}

/** The changeLog rendering of a field value: names for objects, comma-joined for lists. */
function describe(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => describe(v) ?? '').join(',');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return String(o.name ?? o.id ?? JSON.stringify(o));
  }
  return String(value);
}
