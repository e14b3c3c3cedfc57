/**
 * Deterministic seeded data: space, users, projects with their metadata, issues, comments,
 * wikis, documents, Git, shared files, teams, and the activity feed that created them; then
 * project membership, webhooks, wiki history, watchings and the space's licence and notice.
 * Timestamps lie in 2024-01-01..2025-06-30 (seconds precision); some records share the same
 * `updated` second on purpose (tie scenarios). Each new entity kind draws from its own seeded
 * stream, so adding one leaves the others unchanged.
 */
import { generateDocuments } from './generate-documents';
import { generateSharedFiles } from './generate-files';
import { generateGit } from './generate-git';
import { generateMembership, type Membership } from './generate-members';
import { seededLicence, seededSpaceNotification } from './generate-space-info';
import { generateTeams } from './generate-teams';
import { generateWatchings, type WatchingRow } from './generate-watchings';
import { generateWebhooks } from './generate-webhooks';
import { generateWikiHistory } from './generate-wiki-history';
import { generateWikis } from './generate-wikis';
import { pick, randomInt, seededRandom, type Random } from './random';
import {
  commentSlots,
  creationTimes,
  firstIds,
  laterTime,
  SEED_END,
  type IdCounters,
  type PendingActivity,
} from './seed-common';
import { seededNotification, seededStar } from './seed-rows';
import { isoSeconds } from './time';
import type {
  Activity,
  BacklogDocument,
  Category,
  ChangeLogEntry,
  Comment,
  CustomFieldDefinition,
  CustomFieldValue,
  GitRepository,
  Issue,
  IssueType,
  Licence,
  Priority,
  Project,
  PullRequest,
  PullRequestComment,
  Resolution,
  SharedFile,
  Space,
  SpaceNotification,
  Status,
  Team,
  User,
  Version,
  Webhook,
  WikiHistory,
  WikiPage,
} from './types';

export type { IdCounters };

export interface GenerateOptions {
  seed: number;
  projects: number;
  users: number;
  issues: number;
  commentsPerIssue: number;
  commentsForIssue: Record<number, number>;
  isAdmin: boolean;
  timeZone: string;
  archivedProjectKeys: string[];
  featuresOffProjectKeys: string[];
  wikisPerProject: number;
  documentsPerProject: number;
  repositoriesPerProject: number;
  pullRequestsPerRepository: number;
  commentsPerPullRequest: number;
  teams: number;
  sharedFilesPerDirectory: number;
  sharedFilesForDirectory: Record<string, number>;
  sharedFileDepth: number;
}

export interface ProjectMetadata {
  issueTypes: IssueType[];
  statuses: Status[];
  categories: Category[];
  versions: Version[];
  customFields: CustomFieldDefinition[];
}

export interface SeedData {
  space: Space;
  users: User[];
  projects: Project[];
  metadata: Map<number, ProjectMetadata>;
  priorities: Priority[];
  resolutions: Resolution[];
  issues: Issue[];
  comments: Comment[];
  wikis: WikiPage[];
  documents: BacklogDocument[];
  /** Parent document id of every child document id. */
  documentParents: Map<string, string>;
  repositories: GitRepository[];
  pullRequests: PullRequest[];
  pullRequestComments: PullRequestComment[];
  /** Pull-request id of every pull-request comment id. */
  pullRequestCommentParents: Map<number, number>;
  sharedFiles: SharedFile[];
  teams: Team[];
  activities: Activity[];
  counters: IdCounters;
  membership: Membership;
  /** Webhooks of each project id. */
  webhooks: Map<number, Webhook[]>;
  /** Every version of every seeded wiki page, by page then version. */
  wikiHistory: WikiHistory[];
  watchings: WatchingRow[];
  licence: Licence;
  spaceNotification: SpaceNotification;
}

export const PRIORITIES: Priority[] = [
  { id: 2, name: 'High' },
  { id: 3, name: 'Normal' },
  { id: 4, name: 'Low' },
];

export const RESOLUTIONS: Resolution[] = [
  { id: 0, name: 'Fixed' },
  { id: 1, name: "Won't Fix" },
  { id: 2, name: 'Invalid' },
  { id: 3, name: 'Duplication' },
  { id: 4, name: 'Cannot Reproduce' },
];

const STATUS_DEFS = [
  { id: 1, name: 'Open', color: '#ed8077', displayOrder: 1000 },
  { id: 2, name: 'In Progress', color: '#4488c5', displayOrder: 2000 },
  { id: 3, name: 'Resolved', color: '#5eb5a6', displayOrder: 3000 },
  { id: 4, name: 'Closed', color: '#b0be3c', displayOrder: 4000 },
];

const WORDS = ['login', 'export', 'search', 'billing', 'report', 'upload', 'sync', 'profile'];
const FIRST_NAMES = ['Aiko', 'Ben', 'Chiara', 'Daichi', 'Eva', 'Farid', 'Gen', 'Hana', 'Ivan'];

function makeUsers(count: number, isAdmin: boolean): User[] {
  const users: User[] = [];
  for (let n = 1; n <= count; n++) {
    const first = FIRST_NAMES[(n - 1) % FIRST_NAMES.length];
    const name = n === 1 ? 'admin' : `${first} ${n}`;
    users.push({
      id: 100 + n,
      userId: n === 1 ? 'admin' : `user${n}`,
      name,
      roleType: n === 1 ? (isAdmin ? 1 : 2) : n % 3 === 0 ? 3 : 2,
      lang: ['ja', 'en', null][n % 3],
      nulabAccount: n % 3 === 0 ? null : { nulabId: `nulab${n}xyz`, name, uniqueId: `unique${n}` },
      mailAddress: `user${n}@example.test`,
      lastLoginTime: n % 4 === 0 ? null : isoSeconds(SEED_END + n * 3600_000),
    });
  }
  return users;
}

function makeProject(n: number, archived: boolean, featuresOn: boolean): Project {
  return {
    id: 1000 + n,
    projectKey: `PRJ${n}`,
    name: `Project ${n}`,
    chartEnabled: n % 2 === 1,
    useResolvedForChart: false,
    subtaskingEnabled: true,
    projectLeaderCanEditProjectLeader: false,
    useWiki: featuresOn,
    useDocument: featuresOn,
    useFileSharing: featuresOn,
    useWikiTreeView: true,
    useSubversion: false,
    useGit: featuresOn,
    useOriginalImageSizeAtWiki: false,
    textFormattingRule: n % 2 === 1 ? 'markdown' : 'backlog',
    archived,
    displayOrder: 2147483646 - n,
    useDevAttributes: true,
    grandchildIssueEnabled: n % 2 === 0,
  };
}

function makeMetadata(project: Project): ProjectMetadata {
  const pid = project.id;
  return {
    issueTypes: [
      {
        id: pid * 10 + 1,
        projectId: pid,
        name: 'Bug',
        color: '#990000',
        displayOrder: 0,
        templateSummary: null,
        templateDescription: null,
      },
      {
        id: pid * 10 + 2,
        projectId: pid,
        name: 'Task',
        color: '#7ea800',
        displayOrder: 1,
        templateSummary: 'Task: ',
        templateDescription: 'Details',
      },
    ],
    statuses: STATUS_DEFS.map((s) => ({ ...s, projectId: pid })),
    categories: [
      { id: pid * 10 + 1, projectId: pid, name: 'Backend', displayOrder: 0 },
      { id: pid * 10 + 2, projectId: pid, name: 'Frontend', displayOrder: 1 },
    ],
    versions: [
      {
        id: pid * 10 + 1,
        projectId: pid,
        name: 'v1.0',
        description: '',
        startDate: null,
        releaseDueDate: '2024-06-30T00:00:00Z',
        archived: false,
        displayOrder: 0,
      },
      {
        id: pid * 10 + 2,
        projectId: pid,
        name: 'v2.0',
        description: 'Second release',
        startDate: '2024-07-01T00:00:00Z',
        releaseDueDate: null,
        archived: false,
        displayOrder: 1,
      },
    ],
    customFields: [
      {
        id: pid * 10 + 1,
        projectId: pid,
        typeId: 1,
        name: 'Customer',
        description: '',
        required: false,
        useIssueType: false,
        applicableIssueTypes: [],
        displayOrder: 0,
      },
      {
        id: pid * 10 + 2,
        projectId: pid,
        typeId: 3,
        name: 'Score',
        description: 'numeric',
        required: false,
        useIssueType: false,
        applicableIssueTypes: [],
        displayOrder: 1,
      },
      {
        id: pid * 10 + 3,
        projectId: pid,
        typeId: 5,
        name: 'Severity',
        description: '',
        required: false,
        useIssueType: false,
        applicableIssueTypes: [],
        displayOrder: 2,
        allowAddItem: false,
        items: [
          { id: 1, name: 'minor', displayOrder: 0 },
          { id: 2, name: 'major', displayOrder: 1 },
        ],
      },
    ],
  };
}

/** Issue-embedded view of an issue type (the list payload carries no templates). */
export function embedIssueType(t: IssueType): Issue['issueType'] {
  return {
    id: t.id,
    projectId: t.projectId,
    name: t.name,
    color: t.color,
    displayOrder: t.displayOrder,
  };
}

export function customFieldValues(
  defs: CustomFieldDefinition[],
  rand: Random | undefined,
): CustomFieldValue[] {
  return defs.map((def) => {
    const empty = rand === undefined || rand() < 0.3;
    let value: unknown = null;
    if (!empty && rand) {
      if (def.typeId === 3) value = Math.round(rand() * 1000) / 10;
      else if (def.typeId === 5) value = pick(rand, def.items ?? []);
      else value = `Customer ${randomInt(rand, 1, 9)}`;
    }
    return { id: def.id, fieldTypeId: def.typeId, name: def.name, value };
  });
}

/** Groups of seeded issue indexes whose `updated` is forced to the same second. */
export function tieGroups(issueCount: number): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < issueCount; i++) {
    const size = i % 10 === 3 ? 3 : i % 10 === 7 ? 2 : 0;
    if (size === 0) continue;
    const group = [];
    for (let k = i; k < Math.min(issueCount, i + size); k++) group.push(k);
    if (group.length > 1) groups.push(group);
  }
  return groups;
}

export function generate(o: GenerateOptions): SeedData {
  const rand = seededRandom(o.seed);
  const counters = firstIds();
  const users = makeUsers(Math.max(1, o.users), o.isAdmin);
  const projects: Project[] = [];
  const metadata = new Map<number, ProjectMetadata>();
  for (let n = 1; n <= Math.max(1, o.projects); n++) {
    const key = `PRJ${n}`;
    const project = makeProject(
      n,
      o.archivedProjectKeys.includes(key),
      !o.featuresOffProjectKeys.includes(key),
    );
    projects.push(project);
    metadata.set(project.id, makeMetadata(project));
  }
  const space: Space = {
    spaceKey: 'fakespace',
    name: 'Fake Space',
    ownerId: users[0].id,
    lang: 'ja',
    timezone: o.timeZone,
    reportSendTime: '09:00:00',
    textFormattingRule: 'markdown',
    created: '2023-12-01T00:00:00Z',
    updated: '2024-01-01T00:00:00Z',
  };

  // Issues: created in index order (ids follow creation), updated some time later.
  const createdTimes = creationTimes(rand, o.issues);
  const updatedTimes = createdTimes.map((c) => laterTime(rand, c, 60));
  for (const group of tieGroups(o.issues)) {
    const max = Math.max(...group.map((i) => updatedTimes[i]));
    for (const i of group) updatedTimes[i] = max;
  }
  const keyIds = new Map<number, number>();
  const firstIssueOfProject = new Map<number, number>();
  const issues: Issue[] = [];
  for (let i = 0; i < o.issues; i++) {
    const project = projects[i % projects.length];
    const meta = metadata.get(project.id) as ProjectMetadata;
    const keyId = (keyIds.get(project.id) ?? 0) + 1;
    keyIds.set(project.id, keyId);
    const status = meta.statuses[i % 4];
    const id = counters.issue++;
    const createdUser = users[i % users.length];
    const updatedUser = pick(rand, users);
    const firstInProject = firstIssueOfProject.get(project.id);
    if (firstInProject === undefined) firstIssueOfProject.set(project.id, id);
    const created = isoSeconds(createdTimes[i]);
    issues.push({
      id,
      projectId: project.id,
      issueKey: `${project.projectKey}-${keyId}`,
      keyId,
      issueType: embedIssueType(meta.issueTypes[i % 2]),
      summary: `Fix ${pick(rand, WORDS)} issue #${keyId}`,
      description: i % 3 === 0 ? '' : `Steps to reproduce ${keyId}.\nExpected: works.`,
      resolution: status.id >= 3 ? RESOLUTIONS[0] : null,
      priority: pick(rand, PRIORITIES),
      status,
      assignee: i % 4 === 1 ? null : pick(rand, users),
      category: i % 3 === 0 ? [meta.categories[0]] : [],
      versions: i % 5 === 0 ? [meta.versions[0]] : [],
      milestone: i % 2 === 0 ? [meta.versions[i % 4 === 0 ? 0 : 1]] : [],
      startDate: i % 3 === 1 ? `${created.slice(0, 10)}T00:00:00Z` : null,
      dueDate: i % 3 === 1 ? '2025-12-31T00:00:00Z' : null,
      estimatedHours: i % 2 === 0 ? Math.round(rand() * 40) / 2 : null,
      actualHours: i % 4 === 0 ? Math.round(rand() * 40) / 4 : null,
      parentIssueId: i % 7 === 6 && firstInProject !== undefined ? firstInProject : null,
      createdUser,
      created,
      updatedUser,
      updated: isoSeconds(updatedTimes[i]),
      customFields: customFieldValues(meta.customFields, rand),
      attachments:
        i % 4 === 0
          ? [{ id: counters.attachment++, name: `screenshot-${keyId}.png`, size: 1024 + i }]
          : [],
      sharedFiles:
        i % 6 === 0
          ? [
              {
                id: counters.sharedFile++,
                projectId: project.id,
                type: 'file',
                dir: '/specs/',
                name: `spec-${keyId}.pdf`,
                size: 20480 + i,
                createdUser,
                created,
                updatedUser: null,
                updated: created,
              },
            ]
          : [],
      stars:
        i % 5 === 0
          ? [
              seededStar(rand, counters, users, {
                url: `https://fakespace.backlog.com/view/${project.projectKey}-${keyId}`,
                title: `[${project.projectKey}-${keyId}] issue | Backlog`,
                created,
              }),
            ]
          : [],
      externalFileLinks: [],
    });
  }

  // Comments: within (created, updated] of their issue; the last one at `updated`.
  const slots = commentSlots(
    rand,
    (i) => o.commentsForIssue[i] ?? o.commentsPerIssue,
    createdTimes,
    updatedTimes,
  );
  const comments: Comment[] = [];
  slots.forEach((p, ordinal) => {
    const issue = issues[p.parent];
    const author = pick(rand, users);
    const changeLog: ChangeLogEntry[] | null =
      ordinal % 3 === 0
        ? [
            {
              field: 'status',
              newValue: 'In Progress',
              originalValue: 'Open',
              attachmentInfo: null,
              attributeInfo: null,
              notificationInfo: null,
            },
          ]
        : ordinal % 3 === 1
          ? []
          : null;
    const iso = isoSeconds(p.time);
    comments.push({
      id: counters.comment++,
      projectId: issue.projectId,
      issueId: issue.id,
      content: ordinal % 6 === 0 ? '' : `Comment ${p.k + 1} on ${issue.issueKey}`,
      changeLog,
      createdUser: author,
      created: iso,
      updated: iso,
      stars:
        ordinal % 10 === 0
          ? [
              seededStar(rand, counters, users, {
                comment: 'nice',
                url: `https://fakespace.backlog.com/view/${issue.issueKey}`,
                title: `[${issue.issueKey}] comment | Backlog`,
                created: iso,
              }),
            ]
          : [],
      notifications: ordinal % 7 === 0 ? [seededNotification(rand, counters, users)] : [],
    });
  });

  // Activity feed: issue creations and comments, in time order.
  const events: PendingActivity[] = [];
  const projectById = new Map(projects.map((p) => [p.id, p]));
  issues.forEach((issue, i) => {
    events.push({
      time: createdTimes[i],
      group: 0,
      rank: issue.id,
      make: (id) => ({
        id,
        project: projectById.get(issue.projectId) as Project,
        type: 1,
        content: {
          id: issue.id,
          key_id: issue.keyId,
          summary: issue.summary,
          description: issue.description,
        },
        notifications: [],
        createdUser: issue.createdUser,
        created: issue.created,
      }),
    });
  });
  const issueById = new Map(issues.map((x) => [x.id, x]));
  for (const c of comments) {
    const issue = issueById.get(c.issueId) as Issue;
    const changed = (c.changeLog ?? []).length > 0;
    events.push({
      time: Date.parse(c.created),
      group: 0,
      rank: c.id,
      make: (id) => ({
        id,
        project: projectById.get(issue.projectId) as Project,
        type: changed ? 2 : 3,
        content: {
          id: issue.id,
          key_id: issue.keyId,
          summary: issue.summary,
          description: issue.description,
          comment: { id: c.id, content: c.content },
          ...(changed
            ? {
                changes: (c.changeLog ?? []).map((e) => ({
                  field: e.field,
                  new_value: e.newValue ?? '',
                  old_value: e.originalValue ?? '',
                  type: 'standard',
                })),
              }
            : {}),
        },
        notifications: [],
        createdUser: c.createdUser,
        created: c.created,
      }),
    });
  }
  const files = generateSharedFiles(projects, users, counters, {
    seed: o.seed,
    filesPerDirectory: o.sharedFilesPerDirectory,
    filesForDirectory: o.sharedFilesForDirectory,
    depth: o.sharedFileDepth,
  });
  const wikis = generateWikis(
    o.seed,
    o.wikisPerProject,
    projects,
    users,
    files.sharedFiles,
    counters,
  );
  const docs = generateDocuments(o.seed, o.documentsPerProject, projects, users, counters);
  const git = generateGit(o, projects, users, issues, counters);
  const teams = generateTeams(o.seed, o.teams, users, counters);
  events.push(...files.events, ...wikis.events, ...docs.events, ...git.events);
  // Issue ids (20001+) sort before comment ids (300001+): a creation precedes same-second
  // comments; other kinds follow issues within the same second (see PendingActivity).
  events.sort((a, b) => a.time - b.time || a.group - b.group || a.rank - b.rank);
  const activities = events.map((e) => e.make(counters.activity++));
  // Kinds added later come last, each from its own stream or none: the data above stays as it was.
  const membership = generateMembership(projects, users, teams);
  const webhooks = generateWebhooks(o.seed, projects, users, counters);
  const wikiHistory = generateWikiHistory(o.seed, wikis.wikis, users);
  const watchings = generateWatchings(o.seed, users, issues, counters);

  return {
    space,
    users,
    projects,
    metadata,
    priorities: PRIORITIES,
    resolutions: RESOLUTIONS,
    issues,
    comments,
    wikis: wikis.wikis,
    documents: docs.documents,
    documentParents: docs.parents,
    repositories: git.repositories,
    pullRequests: git.pullRequests,
    pullRequestComments: git.pullRequestComments,
    pullRequestCommentParents: git.commentParents,
    sharedFiles: files.sharedFiles,
    teams,
    activities,
    counters,
    membership,
    webhooks,
    wikiHistory,
    watchings,
    licence: seededLicence(),
    spaceNotification: seededSpaceNotification(),
  };
}
