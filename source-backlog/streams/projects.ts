import { record, type StreamDefinition } from '../stream/definition';

/** Every project in scope: those in `project_keys`, or all the user has joined (archived too). */
export const projects: StreamDefinition = {
  name: 'projects',
  about: {
    cost: { full: '1 (1 per key with `project_keys`)' },
    endpoint: 'GET /projects or GET /projects/:key',
    notes: 'the projects in scope, archived included',
  },
  scope: 'project',
  async *read({ projects }) {
    for (const project of await projects.list()) yield record(project);
  },
};
