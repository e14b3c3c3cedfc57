import { projectListStream, spaceListStream } from '../listing/list-streams';

export const priorities = spaceListStream({
  name: 'priorities',
  path: '/priorities',
  about: { endpoint: 'GET /priorities', cost: { full: '1' } },
});

export const resolutions = spaceListStream({
  name: 'resolutions',
  path: '/resolutions',
  about: { endpoint: 'GET /resolutions', notes: 'ids start at 0', cost: { full: '1' } },
});

export const teams = spaceListStream({
  name: 'teams',
  about: {
    cost: { full: '1 per 100 teams' },
    endpoint: 'GET /teams',
    notes: 'administrators only: skipped with a warning otherwise',
  },
  path: '/teams',
  paged: true,
  adminOnly: true,
});

export const issueTypes = projectListStream({
  name: 'issue_types',
  about: { cost: { full: '1 per project' }, endpoint: 'GET /projects/:id/issueTypes' },
  path: (project) => `/projects/${project.id}/issueTypes`,
});

/** The built-in statuses 1–4 repeat in every project, so a status is keyed by its project too. */
export const statuses = projectListStream({
  name: 'statuses',
  about: {
    cost: { full: '1 per project' },
    endpoint: 'GET /projects/:id/statuses',
    notes: 'the built-in statuses 1–4 repeat in every project',
  },
  path: (project) => `/projects/${project.id}/statuses`,
  primaryKey: [['projectId'], ['id']],
});

export const categories = projectListStream({
  name: 'categories',
  about: { cost: { full: '1 per project' }, endpoint: 'GET /projects/:id/categories' },
  path: (project) => `/projects/${project.id}/categories`,
});

/** Backlog calls them versions in the API and milestones in the UI: the same entity. */
export const milestones = projectListStream({
  name: 'milestones',
  about: {
    cost: { full: '1 per project' },
    endpoint: 'GET /projects/:id/versions',
    notes: 'versions and milestones are one entity',
  },
  path: (project) => `/projects/${project.id}/versions`,
});

export const customFields = projectListStream({
  name: 'custom_fields',
  about: {
    cost: { full: '1 per project' },
    endpoint: 'GET /projects/:id/customFields',
    notes: 'definitions with their list items',
  },
  path: (project) => `/projects/${project.id}/customFields`,
});

export const gitRepositories = projectListStream({
  name: 'git_repositories',
  about: {
    cost: { full: '1 per project with Git' },
    endpoint: 'GET /projects/:id/git/repositories',
    notes: 'repositories of the projects with Git on',
  },
  path: (project) => `/projects/${project.id}/git/repositories`,
  module: 'useGit',
});
