import { projectListStream } from '../listing/list-streams';

/** Membership: a user is in many projects, so a member is keyed by its project too. */
export const projectUsers = projectListStream({
  name: 'project_users',
  about: {
    cost: { full: '1 per project' },
    endpoint: 'GET /projects/:id/users',
    notes: 'who is a member of which project',
  },
  path: (project) => `/projects/${project.id}/users`,
  primaryKey: [['projectId'], ['id']],
});

export const projectAdministrators = projectListStream({
  name: 'project_administrators',
  about: {
    cost: { full: '1 per project' },
    endpoint: 'GET /projects/:id/administrators',
    notes: 'administrators only: skipped with a warning otherwise',
  },
  path: (project) => `/projects/${project.id}/administrators`,
  primaryKey: [['projectId'], ['id']],
  adminOnly: true,
});

export const projectTeams = projectListStream({
  name: 'project_teams',
  about: {
    cost: { full: '1 per project' },
    endpoint: 'GET /projects/:id/teams',
    notes: 'the teams of each project, with their members',
  },
  path: (project) => `/projects/${project.id}/teams`,
  primaryKey: [['projectId'], ['id']],
});

export const webhooks = projectListStream({
  name: 'webhooks',
  about: {
    cost: { full: '1 per project' },
    endpoint: 'GET /projects/:id/webhooks',
    notes: 'administrators only: skipped with a warning otherwise',
  },
  path: (project) => `/projects/${project.id}/webhooks`,
  adminOnly: true,
});

export const wikiTags = projectListStream({
  name: 'wiki_tags',
  about: { cost: { full: '1 per project with Wiki' }, endpoint: 'GET /wikis/tags' },
  path: () => '/wikis/tags',
  params: (project) => ({ projectIdOrKey: project.id }),
  primaryKey: [['projectId'], ['id']],
  module: 'useWiki',
});
