import { activities } from './activities';
import { documents } from './documents';
import { issueComments } from './issue-comments';
import { issueParticipants } from './issue-participants';
import { issues } from './issues';
import {
  categories,
  customFields,
  gitRepositories,
  issueTypes,
  milestones,
  priorities,
  resolutions,
  statuses,
  teams,
} from './metadata';
import {
  projectAdministrators,
  projectTeams,
  projectUsers,
  webhooks,
  wikiTags,
} from './project-members';
import { projects } from './projects';
import { pullRequestComments } from './pull-request-comments';
import { pullRequests } from './pull-requests';
import { sharedFiles } from './shared-files';
import { space } from './space';
import { diskUsage, licence, spaceNotification } from './space-records';
import { stars } from './stars';
import type { StreamDefinition } from '../stream/definition';
import { users } from './users';
import { watchings } from './watchings';
import { wikiHistory } from './wiki-history';
import { wikis } from './wikis';

/** Every stream, in the order of the catalog: the public contract (see docs/streams.md). */
export const STREAMS: StreamDefinition[] = [
  space,
  priorities,
  resolutions,
  projects,
  users,
  issueTypes,
  statuses,
  categories,
  milestones,
  customFields,
  issues,
  issueComments,
  activities,
  wikis,
  documents,
  gitRepositories,
  pullRequests,
  pullRequestComments,
  teams,
  sharedFiles,
  projectUsers,
  projectAdministrators,
  projectTeams,
  webhooks,
  wikiTags,
  wikiHistory,
  issueParticipants,
  watchings,
  stars,
  licence,
  diskUsage,
  spaceNotification,
];
