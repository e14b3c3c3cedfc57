/**
 * Seeded Git repositories, pull requests and pull-request comments.
 * Repositories: `repositoriesPerProject` per project with Git on, created in the first 60 days.
 * Pull requests: `pullRequestsPerRepository` per repository, created round-robin over the
 * repositories (ids follow creation, `number` counts 1.. per repository). PR k (= number - 1)
 * is Open when k % 3 === 0, Merged when k % 3 === 1, Closed when k % 3 === 2; a closed or
 * merged PR's last comment is the status change. isTiedWithPrevious(k) PRs share `updated`
 * with PR k - 1. A PR's `updated` equals its last comment's `created` (like issues).
 * Activities: 13 per repository, 18 per PR, 19 per status-change comment, 20 per other comment.
 */
import { pick, seededRandom, type Random } from './random';
import {
  activityOf,
  commentSlots,
  commitHash,
  creationTimes,
  DAY,
  roundRobinUpdated,
  SEED_START,
  sortedTimes,
  type IdCounters,
  type PendingActivity,
} from './seed-common';
import { seededAttachment, seededNotification, seededStar } from './seed-rows';
import { isoSeconds } from './time';
import type {
  GitRepository,
  Issue,
  Project,
  PullRequest,
  PullRequestComment,
  PullRequestStatus,
  User,
} from './types';

export const PULL_REQUEST_STATUSES: PullRequestStatus[] = [
  { id: 1, name: 'Open' },
  { id: 2, name: 'Closed' },
  { id: 3, name: 'Merged' },
];

const REPOSITORY_NAMES = ['app', 'api-server', 'docs-site', 'infra'];
const FEATURES = ['login', 'export', 'search', 'billing', 'i18n', 'cache'];

export interface GitOptions {
  seed: number;
  repositoriesPerProject: number;
  pullRequestsPerRepository: number;
  commentsPerPullRequest: number;
}

export interface GitSeed {
  repositories: GitRepository[];
  pullRequests: PullRequest[];
  pullRequestComments: PullRequestComment[];
  /** Pull-request id of every comment id. */
  commentParents: Map<number, number>;
  events: PendingActivity[];
}

export function makeRepository(
  id: number,
  project: Project,
  name: string,
  user: User,
  created: string,
): GitRepository {
  return {
    id,
    projectId: project.id,
    name,
    description: '',
    hookUrl: '',
    httpUrl: `https://fakespace.backlog.com/git/${project.projectKey}/${name}.git`,
    sshUrl: `fakespace@fakespace.git.backlog.com:/${project.projectKey}/${name}.git`,
    displayOrder: 2147483646,
    pushedAt: null,
    createdUser: user,
    created,
    updatedUser: user,
    updated: created,
  };
}

/** The activity `content` shared by types 18–20. */
export function pullRequestActivityContent(
  pr: PullRequest,
  repository: GitRepository,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    id: pr.id,
    number: pr.number,
    summary: pr.summary,
    description: pr.description,
    comment: null,
    changes: [],
    repository: { id: repository.id, name: repository.name, description: repository.description },
    ...extra,
  };
}

export function issueActivityRef(issue: Issue | undefined): Record<string, unknown> | null {
  return issue
    ? { id: issue.id, key_id: issue.keyId, summary: issue.summary, description: issue.description }
    : null;
}

export function generateGit(
  o: GitOptions,
  projects: Project[],
  users: User[],
  issues: Issue[],
  counters: IdCounters,
): GitSeed {
  const rand = seededRandom(o.seed ^ 0x617);
  const projectById = new Map(projects.map((p) => [p.id, p]));
  const events: PendingActivity[] = [];

  const withGit = projects.filter((p) => p.useGit);
  const repoTimes = sortedTimes(
    rand,
    o.repositoriesPerProject * withGit.length,
    SEED_START,
    SEED_START + 60 * DAY,
  );
  const repositories = repoTimes.map((time, i) => {
    const project = withGit[i % withGit.length];
    const k = Math.floor(i / withGit.length);
    const base = REPOSITORY_NAMES[k % REPOSITORY_NAMES.length];
    const name = k < REPOSITORY_NAMES.length ? base : `${base}-${k}`;
    const repo = makeRepository(
      counters.repository++,
      project,
      name,
      pick(rand, users),
      isoSeconds(time),
    );
    if (k % 2 === 1) repo.description = `${name} リポジトリ`;
    const content = { repository: { id: repo.id, name, description: repo.description } };
    events.push({
      time,
      group: 4,
      rank: repo.id,
      make: activityOf(project, 13, content, repo.createdUser, repo.created),
    });
    return repo;
  });

  // Pull requests: creation, then `updated` (ties applied) before the comments fill the gap.
  const total = o.pullRequestsPerRepository * repositories.length;
  const created = creationTimes(rand, total, SEED_START + 60 * DAY);
  const updated = roundRobinUpdated(rand, created, repositories.length, () => 30);
  const pullRequests: PullRequest[] = [];
  for (let i = 0; i < total; i++) {
    const repo = repositories[i % repositories.length];
    const k = Math.floor(i / repositories.length);
    const status = PULL_REQUEST_STATUSES[[0, 2, 1][k % 3]];
    const createdUser = pick(rand, users);
    const projectIssues = issues.filter((x) => x.projectId === repo.projectId);
    const issue = k % 2 === 0 && projectIssues.length > 0 ? pick(rand, projectIssues) : undefined;
    const feature = FEATURES[k % FEATURES.length];
    const done = isoSeconds(updated[i]);
    const pr: PullRequest = {
      id: counters.pullRequest++,
      projectId: repo.projectId,
      repositoryId: repo.id,
      number: k + 1,
      summary: k % 4 === 3 ? `${feature} の修正` : `Add ${feature} support`,
      description: k % 3 === 2 ? '' : `Implements ${feature}.\nPlease review.`,
      base: 'main',
      branch: `feature/${feature}-${k + 1}`,
      status,
      assignee: k % 4 === 2 ? null : pick(rand, users),
      issue: issue ? { id: issue.id } : null,
      baseCommit: status.id === 1 ? null : commitHash(rand),
      branchCommit: status.id === 1 ? null : commitHash(rand),
      mergeCommit: status.id === 3 ? commitHash(rand) : null,
      closeAt: status.id === 1 ? null : done,
      mergeAt: status.id === 3 ? done : null,
      createdUser,
      created: isoSeconds(created[i]),
      updatedUser: createdUser,
      updated: done,
      attachments:
        k % 3 === 1
          ? [
              seededAttachment(
                rand,
                counters,
                `screenshot ${k + 1}.png`,
                createdUser,
                isoSeconds(created[i]),
              ),
            ]
          : [],
      stars:
        k % 4 === 0
          ? [
              seededStar(rand, counters, users, {
                url: `https://fakespace.backlog.com/git/${projectById.get(repo.projectId)?.projectKey}/${repo.name}/pullRequests/${k + 1}`,
                title: `[${repo.name}#${k + 1}] ${feature}`,
                created: done,
              }),
            ]
          : [],
    };
    pullRequests.push(pr);
    repo.pushedAt = pr.created;
    events.push({
      time: created[i],
      group: 5,
      rank: pr.id,
      make: activityOf(
        projectById.get(repo.projectId) as Project,
        18,
        pullRequestActivityContent(pr, repo, { issue: issueActivityRef(issue) }),
        createdUser,
        pr.created,
      ),
    });
  }

  const { comments, parents } = generatePullRequestComments(
    rand,
    o.commentsPerPullRequest,
    pullRequests,
    created,
    updated,
    users,
    counters,
  );
  const repoById = new Map(repositories.map((r) => [r.id, r]));
  const prById = new Map(pullRequests.map((p) => [p.id, p]));
  for (const c of comments) {
    const pr = prById.get(parents.get(c.id) as number) as PullRequest;
    const repo = repoById.get(pr.repositoryId) as GitRepository;
    const changed = c.changeLog.length > 0;
    pr.updatedUser = c.createdUser;
    events.push({
      time: Date.parse(c.created),
      group: 6,
      rank: c.id,
      make: activityOf(
        projectById.get(pr.projectId) as Project,
        changed ? 19 : 20,
        pullRequestActivityContent(pr, repo, {
          comment: { id: c.id, content: c.content },
          changes: c.changeLog.map((e) => ({
            field: e.field,
            new_value: e.newValue ?? '',
            old_value: e.originalValue ?? '',
          })),
        }),
        c.createdUser,
        c.created,
      ),
    });
  }
  return {
    repositories,
    pullRequests,
    pullRequestComments: comments,
    commentParents: parents,
    events,
  };
}

/** Comments within (created, updated] of their PR, the last one at `updated`; ids by time. */
function generatePullRequestComments(
  rand: Random,
  perPullRequest: number,
  pullRequests: PullRequest[],
  created: number[],
  updated: number[],
  users: User[],
  counters: IdCounters,
): { comments: PullRequestComment[]; parents: Map<number, number> } {
  const comments: PullRequestComment[] = [];
  const parents = new Map<number, number>();
  commentSlots(rand, () => perPullRequest, created, updated).forEach((p, ordinal) => {
    const pr = pullRequests[p.parent];
    const statusChange = p.k === perPullRequest - 1 && pr.status.id !== 1;
    const iso = isoSeconds(p.time);
    const comment: PullRequestComment = {
      id: counters.pullRequestComment++,
      content: statusChange ? '' : ordinal % 3 === 0 ? 'レビューしました' : `Comment ${p.k + 1}`,
      changeLog: statusChange
        ? [{ field: 'status', newValue: String(pr.status.id), originalValue: '1' }]
        : [],
      createdUser: pick(rand, users),
      created: iso,
      updated: iso,
      stars:
        ordinal % 5 === 0
          ? [
              seededStar(rand, counters, users, {
                url: `https://fakespace.backlog.com/git/pullRequests/${pr.id}#comment`,
                title: `PR #${pr.number} comment`,
                created: iso,
              }),
            ]
          : [],
      notifications: ordinal % 7 === 0 ? [seededNotification(rand, counters, users)] : [],
    };
    comments.push(comment);
    parents.set(comment.id, pr.id);
  });
  return { comments, parents };
}
