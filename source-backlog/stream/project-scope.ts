import type { BacklogClient } from '../backlog/client';
import { BacklogApiError } from '../backlog/errors';
import { unusableConfig } from '../protocol/failures';

export interface Project {
  id: number;
  projectKey: string;
  name: string;
  archived?: boolean;
  useWiki?: boolean;
  useDocument?: boolean;
  useGit?: boolean;
  useFileSharing?: boolean;
  [field: string]: unknown;
}

/** A project setting that turns one of its modules off (Backlog omits the list or answers empty). */
export type ProjectFeature = 'useWiki' | 'useDocument' | 'useGit' | 'useFileSharing';

/**
 * The projects a sync covers: those named in `project_keys`, or every project the user has
 * joined. Resolved once per run and shared by every project-scoped stream.
 */
export class ProjectScope {
  private projects?: Promise<Project[]>;

  constructor(
    private readonly client: BacklogClient,
    private readonly projectKeys: string[] | undefined,
  ) {}

  /** True when the user limited the sync to some projects. */
  get isLimited(): boolean {
    return this.projectKeys !== undefined;
  }

  list(): Promise<Project[]> {
    this.projects ??= this.resolve();
    return this.projects;
  }

  async ids(): Promise<number[]> {
    return (await this.list()).map((project) => project.id);
  }

  /** The projects in scope that have a module turned on (all of them when no feature is named). */
  async with(feature: ProjectFeature | undefined): Promise<Project[]> {
    const projects = await this.list();
    return feature ? projects.filter((project) => project[feature] !== false) : projects;
  }

  private async resolve(): Promise<Project[]> {
    if (!this.projectKeys) return this.client.get<Project[]>('/projects');
    const projects: Project[] = [];
    for (const key of this.projectKeys) {
      try {
        projects.push(await this.client.get<Project>(`/projects/${encodeURIComponent(key)}`));
      } catch (error) {
        if (error instanceof BacklogApiError && (error.status === 404 || error.status === 403)) {
          throw unusableConfig(
            `config field "project_keys" names project "${key}", which does not exist or which this user has not joined (Backlog answered HTTP ${error.status}).`,
          );
        }
        throw error;
      }
    }
    return projects;
  }
}
