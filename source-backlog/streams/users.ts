import { usersInScope } from '../listing/users';
import { record, type StreamDefinition } from '../stream/definition';

export const users: StreamDefinition = {
  name: 'users',
  about: {
    cost: { full: '1; without admin rights 1 per project' },
    endpoint: 'GET /users, else GET /projects/:id/users',
    notes:
      '`GET /users` needs an administrator; other keys get the members of the projects in scope (a warning is logged)',
  },
  async *read(context) {
    const { users, fromProjectMembers } = await usersInScope(context);
    if (fromProjectMembers) {
      context.logger.warn(
        'GET /users needs administrator rights; reading the members of the projects in scope instead',
      );
    }
    for (const user of users) yield record(user);
  },
};
