import { isPermissionDenied } from '../backlog/errors';
import { offsetPages } from '../backlog/pagination';
import type { QueryParams } from '../backlog/client';
import type { JsonObject } from '../protocol/messages';
import { perProject } from '../fanout/ordered';
import type { Project, ProjectFeature } from '../stream/project-scope';
import type { StreamAbout } from '../stream/definition';
import { record, StreamUnavailable, type StreamDefinition } from '../stream/definition';

interface SpaceListStream {
  name: string;
  about: StreamAbout;
  path: string;
  primaryKey?: string[][];
  /** The list pages with offset/count (teams); otherwise one GET returns all of it. */
  paged?: boolean;
  /** Only administrators may read it: a 403 skips the stream with a warning. */
  adminOnly?: boolean;
}

/** A full-refresh stream of one space-wide list (priorities, resolutions, teams). */
export function spaceListStream(stream: SpaceListStream): StreamDefinition {
  return {
    name: stream.name,
    about: stream.about,
    primaryKey: stream.primaryKey,
    async *read({ client }) {
      try {
        if (!stream.paged) {
          for (const row of await client.get<JsonObject[]>(stream.path)) yield record(row);
          return;
        }
        // Ascending ids: a row created mid-walk lands at the end instead of shifting others.
        for await (const page of offsetPages<JsonObject & { id: number }>(client, stream.path, {
          order: 'asc',
        })) {
          for (const row of page) yield record(row);
        }
      } catch (error) {
        throw unavailableIfAdminOnly(stream, stream.path, error);
      }
    },
  };
}

/** A 403 on a list only administrators may read: the stream is skipped with a warning. */
export function unavailableIfAdminOnly(
  stream: { adminOnly?: boolean },
  path: string,
  error: unknown,
): unknown {
  if (stream.adminOnly && isPermissionDenied(error)) {
    return new StreamUnavailable(`GET ${path} needs administrator rights`);
  }
  return error;
}

interface ProjectListStream {
  name: string;
  about: StreamAbout;
  /** The list's path for one project, e.g. `/projects/${id}/categories`. */
  path: (project: Project) => string;
  /** Query parameters naming the project, for lists that take it there (wiki tags). */
  params?: (project: Project) => QueryParams;
  primaryKey?: string[][];
  /** Projects with this module turned off are not asked. */
  module?: ProjectFeature;
  /** Only administrators may read it: a 403 skips the stream with a warning. */
  adminOnly?: boolean;
}

/**
 * A full-refresh stream of one unpaged list per project in scope (issue types, statuses, members,
 * webhooks, ...), read a few projects at a time. Records carry their project's id, which older Backlog payloads
 * leave out.
 */
export function projectListStream(stream: ProjectListStream): StreamDefinition {
  return {
    name: stream.name,
    about: stream.about,
    primaryKey: stream.primaryKey,
    parentKeys: ['projectId'],
    module: stream.module,
    scope: 'project',
    async *read(context) {
      const lists = perProject(context, stream.module, async (project) => {
        const path = stream.path(project);
        try {
          return await context.client.get<JsonObject[]>(path, stream.params?.(project));
        } catch (error) {
          throw unavailableIfAdminOnly(stream, path, error);
        }
      });
      for await (const { project, result } of lists) {
        for (const row of result) yield record({ ...row, projectId: row.projectId ?? project.id });
      }
    },
  };
}
