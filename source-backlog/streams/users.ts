import { isPermissionDenied } from '../backlog/errors';
import { record, StreamUnavailable, type StreamDefinition } from '../stream/definition';

interface User {
  id: number;
}

/**
 * GET /users needs an administrator. Other keys get the members of the projects in scope
 * instead, each user once.
 */
export const users: StreamDefinition = {
  name: 'users',
  about: {
    endpoint: 'GET /users, else GET /projects/:id/users',
    notes:
      '`GET /users` needs an administrator; other keys get the members of the projects in scope (a warning is logged)',
  },
  async *read({ client, projects, logger }) {
    let all: User[];
    try {
      all = await client.get<User[]>('/users');
    } catch (error) {
      if (!isPermissionDenied(error)) throw error;
      logger.warn(
        'GET /users needs administrator rights; reading the members of the projects in scope instead',
      );
      const seen = new Set<number>();
      for (const project of await projects.list()) {
        let members: User[];
        try {
          members = await client.get<User[]>(`/projects/${project.id}/users`);
        } catch (projectError) {
          if (!isPermissionDenied(projectError)) throw projectError;
          throw new StreamUnavailable(
            `this user may neither list the space's users nor project ${project.projectKey}'s members`,
          );
        }
        for (const member of members) {
          if (seen.has(member.id)) continue;
          seen.add(member.id);
          yield record(member);
        }
      }
      return;
    }
    for (const user of all) yield record(user);
  },
};
