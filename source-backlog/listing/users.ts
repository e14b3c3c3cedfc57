import { isPermissionDenied } from '../backlog/errors';
import { StreamUnavailable } from '../stream/definition';
import { oncePerRun } from './once-per-run';

export interface User {
  id: number;
  [field: string]: unknown;
}

/** The users a sync covers, and whether they came from project member lists instead of /users. */
export interface UsersInScope {
  users: User[];
  fromProjectMembers: boolean;
}

/**
 * GET /users needs an administrator. Other keys get the members of the projects in scope
 * instead, each user once. Read once per run and shared by the streams that walk users.
 */
export const usersInScope = oncePerRun(async ({ client, projects }): Promise<UsersInScope> => {
  try {
    return { users: await client.get<User[]>('/users'), fromProjectMembers: false };
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
  }
  const byId = new Map<number, User>();
  for (const project of await projects.list()) {
    let members: User[];
    try {
      members = await client.get<User[]>(`/projects/${project.id}/users`);
    } catch (error) {
      if (!isPermissionDenied(error)) throw error;
      throw new StreamUnavailable(
        `this user may neither list the space's users nor project ${project.projectKey}'s members`,
      );
    }
    for (const member of members) if (!byId.has(member.id)) byId.set(member.id, member);
  }
  return { users: [...byId.values()], fromProjectMembers: true };
});
