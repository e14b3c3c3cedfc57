import { projectListStream } from '../listing/list-streams';

/** A user is in many projects, so a member (or team) is keyed by its project too. */
const byProject = [['projectId'], ['id']];

export const projectUsers = projectListStream('project_users', '/projects/:id/users', {
  primaryKey: byProject,
  notes: 'who is a member of which project',
});

export const projectAdministrators = projectListStream(
  'project_administrators',
  '/projects/:id/administrators',
  { primaryKey: byProject, adminOnly: true },
);

export const projectTeams = projectListStream('project_teams', '/projects/:id/teams', {
  primaryKey: byProject,
  notes: 'the teams of each project, with their members',
});

export const webhooks = projectListStream('webhooks', '/projects/:id/webhooks', {
  adminOnly: true,
});

export const wikiTags = projectListStream('wiki_tags', '/wikis/tags', {
  params: (project) => ({ projectIdOrKey: project.id }),
  primaryKey: byProject,
  module: 'useWiki',
});
