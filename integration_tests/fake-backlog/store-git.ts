/**
 * Git repositories, pull requests and their comments, with the mutations tests use.
 * Activities: 13 repository created, 18 PR added, 19 PR updated, 20 PR commented; editing a
 * PR comment bumps the comment and the PR but appends none (like issue comments).
 */
import {
  issueActivityRef,
  makeRepository,
  PULL_REQUEST_STATUSES,
  pullRequestActivityContent,
} from './generate-git';
import { seededRandom } from './random';
import { commitHash } from './seed-common';
import { describe, postedComment, type StoreKernel } from './store-kernel';
import type {
  GitRepository,
  Issue,
  Project,
  PullRequest,
  PullRequestChangeLogEntry,
  PullRequestComment,
  User,
} from './types';

export type PullRequestPatch = Partial<
  Omit<PullRequest, 'id' | 'projectId' | 'repositoryId' | 'number'>
> & {
  /** Content of the change comment created by updatePullRequest (default ''). */
  comment?: string;
};

export class GitStore {
  constructor(
    private readonly k: StoreKernel,
    readonly repositories: GitRepository[],
    readonly pullRequests: PullRequest[],
    readonly comments: PullRequestComment[],
    /** Pull-request id of every comment id. */
    private readonly parents: Map<number, number>,
    private readonly findIssue: (id: number) => Issue | undefined,
  ) {}

  /** Repository of a project by id or name. */
  findRepository(projectId: number, idOrName: string | number): GitRepository | undefined {
    const s = String(idOrName);
    return this.repositories.find(
      (r) => r.projectId === projectId && (/^\d+$/.test(s) ? r.id === Number(s) : r.name === s),
    );
  }

  findPullRequest(repositoryId: number, number: number): PullRequest | undefined {
    return this.pullRequests.find((p) => p.repositoryId === repositoryId && p.number === number);
  }

  /** Comments of a pull request, ascending id. */
  commentsOf(pullRequestId: number): PullRequestComment[] {
    return this.comments.filter((c) => this.parents.get(c.id) === pullRequestId);
  }

  pullRequestIdOf(commentId: number): number | undefined {
    return this.parents.get(commentId);
  }

  addRepository(projectIdOrKey: string | number, name: string, actor: User): GitRepository {
    const project = this.k.project(projectIdOrKey);
    if (this.findRepository(project.id, name)) throw new Error(`Repository ${name} exists`);
    const now = this.k.stamp();
    const repo = makeRepository(this.k.counters.repository++, project, name, actor, now);
    this.repositories.push(repo);
    const content = { repository: { id: repo.id, name, description: repo.description } };
    this.k.activity(project, 13, content, actor, now);
    return repo;
  }

  addPullRequest(
    projectIdOrKey: string | number,
    repoIdOrName: string | number,
    patch: PullRequestPatch | undefined,
    actor: User,
  ): PullRequest {
    const { project, repo } = this.locate(projectIdOrKey, repoIdOrName);
    const number =
      Math.max(
        0,
        ...this.pullRequests.filter((p) => p.repositoryId === repo.id).map((p) => p.number),
      ) + 1;
    const now = this.k.stamp();
    const fields: PullRequestPatch = { ...patch };
    delete fields.comment;
    const pr: PullRequest = {
      id: this.k.counters.pullRequest++,
      projectId: project.id,
      repositoryId: repo.id,
      number,
      summary: `New pull request ${number}`,
      description: '',
      base: 'main',
      branch: `feature/new-${number}`,
      status: PULL_REQUEST_STATUSES[0],
      assignee: null,
      issue: null,
      baseCommit: null,
      branchCommit: null,
      mergeCommit: null,
      closeAt: null,
      mergeAt: null,
      createdUser: actor,
      created: now,
      updatedUser: actor,
      updated: now,
      attachments: [],
      stars: [],
      ...fields,
    };
    this.pullRequests.push(pr);
    repo.pushedAt = now;
    const issue = pr.issue ? this.findIssue(pr.issue.id) : undefined;
    const content = pullRequestActivityContent(pr, repo, { issue: issueActivityRef(issue) });
    this.k.activity(project, 18, content, actor, now);
    return pr;
  }

  /**
   * Changes fields like a user edit: bumps `updated`, writes a change comment (content
   * `patch.comment` or '') whose changeLog lists the changed fields (status as its id), and
   * appends activity 19. A new status 2 (Closed) sets closeAt, 3 (Merged) also mergeAt and
   * mergeCommit, unless the patch sets them.
   */
  updatePullRequest(
    projectIdOrKey: string | number,
    repoIdOrName: string | number,
    number: number,
    patch: PullRequestPatch | undefined,
    actor: User,
  ): PullRequest {
    const { project, repo, pr } = this.locatePullRequest(projectIdOrKey, repoIdOrName, number);
    const { comment: content = '', ...fields } = patch ?? {};
    const changes: PullRequestPatch =
      Object.keys(fields).length > 0 || content !== ''
        ? fields
        : { description: `${pr.description}\nEdited.`.trimStart() };
    const now = this.k.stamp();
    const target = pr as unknown as Record<string, unknown>;
    const changeLog: PullRequestChangeLogEntry[] = [];
    for (const [field, value] of Object.entries(changes)) {
      const render = (v: unknown) =>
        field === 'status' && v ? String((v as { id: number }).id) : describe(v);
      const before = render(target[field]);
      const after = render(value);
      target[field] = value;
      if (before !== after) changeLog.push({ field, newValue: after, originalValue: before });
    }
    if (changes.status && changes.status.id !== 1) {
      pr.closeAt = changes.closeAt ?? pr.closeAt ?? now;
      if (changes.status.id === 3) {
        pr.mergeAt = changes.mergeAt ?? pr.mergeAt ?? now;
        pr.mergeCommit = changes.mergeCommit ?? pr.mergeCommit ?? commitHash(seededRandom(pr.id));
      }
    }
    pr.updated = now;
    pr.updatedUser = actor;
    const comment = this.pushComment(pr, content, changeLog, actor, now);
    this.k.activity(
      project,
      19,
      pullRequestActivityContent(pr, repo, {
        comment: { id: comment.id, content },
        changes: changeLog.map((e) => ({
          field: e.field,
          new_value: e.newValue ?? '',
          old_value: e.originalValue ?? '',
        })),
      }),
      actor,
      now,
    );
    return pr;
  }

  /** Adds a comment (next global PR-comment id); bumps the PR's `updated`; activity 20. */
  addComment(
    projectIdOrKey: string | number,
    repoIdOrName: string | number,
    number: number,
    content: string,
    actor: User,
  ): PullRequestComment {
    const { project, repo, pr } = this.locatePullRequest(projectIdOrKey, repoIdOrName, number);
    const now = this.k.stamp();
    const comment = this.pushComment(pr, content, [], actor, now);
    pr.updated = now;
    pr.updatedUser = actor;
    const extra = { comment: { id: comment.id, content } };
    this.k.activity(project, 20, pullRequestActivityContent(pr, repo, extra), actor, now);
    return comment;
  }

  /** Edits content and `updated` of a comment and bumps its PR's `updated`; no activity. */
  editComment(commentId: number, content: string, actor: User): PullRequestComment {
    const comment = this.comments.find((c) => c.id === commentId);
    const pr = this.pullRequests.find((p) => p.id === this.parents.get(commentId));
    if (!comment || !pr) throw new Error(`No pull-request comment with id ${commentId}`);
    const now = this.k.stamp();
    comment.content = content;
    comment.updated = now;
    pr.updated = now;
    pr.updatedUser = actor;
    return comment;
  }

  private pushComment(
    pr: PullRequest,
    content: string,
    changeLog: PullRequestChangeLogEntry[],
    actor: User,
    now: string,
  ): PullRequestComment {
    const comment: PullRequestComment = {
      id: this.k.counters.pullRequestComment++,
      ...postedComment(content, changeLog, actor, now),
    };
    this.comments.push(comment);
    this.parents.set(comment.id, pr.id);
    return comment;
  }

  private locate(
    projectIdOrKey: string | number,
    repoIdOrName: string | number,
  ): { project: Project; repo: GitRepository } {
    const project = this.k.project(projectIdOrKey);
    const repo = this.findRepository(project.id, repoIdOrName);
    if (!repo) throw new Error(`No repository ${repoIdOrName} in ${project.projectKey}`);
    return { project, repo };
  }

  private locatePullRequest(
    projectIdOrKey: string | number,
    repoIdOrName: string | number,
    number: number,
  ): { project: Project; repo: GitRepository; pr: PullRequest } {
    const { project, repo } = this.locate(projectIdOrKey, repoIdOrName);
    const pr = this.findPullRequest(repo.id, number);
    if (!pr) throw new Error(`No pull request ${repo.name}#${number}`);
    return { project, repo, pr };
  }
}
