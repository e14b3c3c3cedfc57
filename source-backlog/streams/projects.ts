import { record, type StreamDefinition } from '../stream/definition';

/** Every project in scope: those in `project_keys`, or all the user has joined (archived too). */
export const projects: StreamDefinition = {
  name: 'projects',
  primaryKey: [['id']],
  async *read({ projects }) {
    for (const project of await projects.list()) yield record(project);
  },
};
