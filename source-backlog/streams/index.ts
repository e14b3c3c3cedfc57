import { issueComments } from './issue-comments';
import { issues } from './issues';
import { projects } from './projects';
import { space } from './space';
import type { StreamDefinition } from './stream';
import { users } from './users';

export const STREAMS: StreamDefinition[] = [space, projects, users, issues, issueComments];
