/**
 * Seeded project membership, project administrators and team assignments, computed from
 * indexes (no random draws). Project p (0-based) has every user when p === 0; otherwise the
 * users at indexes u >= 1 with (u + p) % 3 !== 0 (at least one of them). users[0], the API
 * user, is not listed here: the store makes it a member of exactly the projects it joined.
 * Administrators: the project's first listed member, the members at positions k with
 * (k + p) % 3 === 2, and the API user on even p (or where no one else is a member).
 * Team t goes to [1, 2, 0][t % 3] projects, consecutive from project t % projects.
 */
import type { Project, Team, User } from './types';

export interface Membership {
  /** User ids of each project's members other than users[0], ascending. */
  members: Map<number, number[]>;
  /** User ids of each project's administrators (users[0] only counts while it is a member). */
  administrators: Map<number, number[]>;
  /** Team ids assigned to each project, ascending. */
  projectTeams: Map<number, number[]>;
}

const TEAM_PROJECT_COUNTS = [1, 2, 0];

export function generateMembership(projects: Project[], users: User[], teams: Team[]): Membership {
  const members = new Map<number, number[]>();
  const administrators = new Map<number, number[]>();
  const projectTeams = new Map<number, number[]>();
  const others = users.slice(1);
  projects.forEach((project, p) => {
    let chosen = others.filter((_user, i) => p === 0 || (i + 1 + p) % 3 !== 0);
    if (chosen.length === 0 && others.length > 0) chosen = [others[p % others.length]];
    const ids = chosen.map((user) => user.id);
    members.set(project.id, ids);
    const admins = ids.filter((_id, k) => k === 0 || (k + p) % 3 === 2);
    if (p % 2 === 0 || ids.length === 0) admins.unshift(users[0].id);
    administrators.set(project.id, admins);
    projectTeams.set(project.id, []);
  });
  teams.forEach((team, t) => {
    const count = Math.min(TEAM_PROJECT_COUNTS[t % 3], projects.length);
    for (let j = 0; j < count; j++) {
      projectTeams.get(projects[(t + j) % projects.length].id)!.push(team.id);
    }
  });
  for (const ids of projectTeams.values()) ids.sort((a, b) => a - b);
  return { members, administrators, projectTeams };
}
