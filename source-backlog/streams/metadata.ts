import { projectListStream, spaceListStream } from '../listing/list-streams';

export const priorities = spaceListStream('priorities', '/priorities');

export const resolutions = spaceListStream('resolutions', '/resolutions', {
  notes: 'ids start at 0',
});

export const teams = spaceListStream('teams', '/teams', { paged: true, adminOnly: true });

export const issueTypes = projectListStream('issue_types', '/projects/:id/issueTypes');

/** The built-in statuses 1–4 repeat in every project, so a status is keyed by its project too. */
export const statuses = projectListStream('statuses', '/projects/:id/statuses', {
  primaryKey: [['projectId'], ['id']],
  notes: 'the built-in statuses 1–4 repeat in every project',
});

export const categories = projectListStream('categories', '/projects/:id/categories');

/** Backlog calls them versions in the API and milestones in the UI: the same entity. */
export const milestones = projectListStream('milestones', '/projects/:id/versions', {
  notes: 'versions and milestones are one entity',
});

export const customFields = projectListStream('custom_fields', '/projects/:id/customFields', {
  notes: 'definitions with their list items',
});

export const gitRepositories = projectListStream(
  'git_repositories',
  '/projects/:id/git/repositories',
  { module: 'useGit' },
);
