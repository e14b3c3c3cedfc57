/**
 * Who belongs to which project (other than the API user, whose membership is the store's joined
 * set), each project's administrators and teams, and its webhooks.
 */
import type { Membership } from './generate-members';
import type { Webhook } from './types';

export class ProjectMembershipStore {
  private readonly members = new Map<number, Set<number>>();
  private readonly administrators = new Map<number, Set<number>>();
  private readonly teams = new Map<number, Set<number>>();

  constructor(
    membership: Membership,
    private readonly webhooks: Map<number, Webhook[]>,
  ) {
    for (const [projectId, ids] of membership.members) this.members.set(projectId, new Set(ids));
    for (const [projectId, ids] of membership.administrators) {
      this.administrators.set(projectId, new Set(ids));
    }
    for (const [projectId, ids] of membership.projectTeams) this.teams.set(projectId, new Set(ids));
  }

  isMember(projectId: number, userId: number): boolean {
    return this.members.get(projectId)?.has(userId) ?? false;
  }

  isAdministrator(projectId: number, userId: number): boolean {
    return this.administrators.get(projectId)?.has(userId) ?? false;
  }

  addMember(projectId: number, userId: number): void {
    setOf(this.members, projectId).add(userId);
  }

  hasTeam(projectId: number, teamId: number): boolean {
    return this.teams.get(projectId)?.has(teamId) ?? false;
  }

  assignTeam(projectId: number, teamId: number): void {
    setOf(this.teams, projectId).add(teamId);
  }

  /** The project's webhooks, ascending id. */
  webhooksOf(projectId: number): Webhook[] {
    return (this.webhooks.get(projectId) ?? []).slice();
  }
}

function setOf(map: Map<number, Set<number>>, key: number): Set<number> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
