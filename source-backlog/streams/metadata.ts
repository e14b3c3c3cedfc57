import { projectListStream, spaceListStream } from '../listing/list-streams';

export const priorities = spaceListStream({ name: 'priorities', path: '/priorities' });

export const resolutions = spaceListStream({ name: 'resolutions', path: '/resolutions' });

export const teams = spaceListStream({
  name: 'teams',
  path: '/teams',
  paged: true,
  adminOnly: true,
});

export const issueTypes = projectListStream({
  name: 'issue_types',
  path: (project) => `/projects/${project.id}/issueTypes`,
});

/** The built-in statuses 1–4 repeat in every project, so a status is keyed by its project too. */
export const statuses = projectListStream({
  name: 'statuses',
  path: (project) => `/projects/${project.id}/statuses`,
  primaryKey: [['projectId'], ['id']],
});

export const categories = projectListStream({
  name: 'categories',
  path: (project) => `/projects/${project.id}/categories`,
});

/** Backlog calls them versions in the API and milestones in the UI: the same entity. */
export const milestones = projectListStream({
  name: 'milestones',
  path: (project) => `/projects/${project.id}/versions`,
});

export const customFields = projectListStream({
  name: 'custom_fields',
  path: (project) => `/projects/${project.id}/customFields`,
});

export const gitRepositories = projectListStream({
  name: 'git_repositories',
  path: (project) => `/projects/${project.id}/git/repositories`,
  module: 'useGit',
});
