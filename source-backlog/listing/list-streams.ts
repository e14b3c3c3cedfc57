import { isPermissionDenied } from '../backlog/errors';
import { offsetPages } from '../backlog/pagination';
import type { QueryParams } from '../backlog/client';
import type { JsonObject } from '../protocol/messages';
import { perProject } from '../fanout/ordered';
import type { Project, ProjectFeature } from '../stream/project-scope';
import {
  record,
  StreamUnavailable,
  type StreamAbout,
  type StreamDefinition,
} from '../stream/definition';

/** What a list stream declares; its endpoint and cost for the docs follow from the path. */
export interface ListStream {
  name: string;
  primaryKey?: string[][];
  /** Only administrators may read it: a 403 skips the stream with a warning. */
  adminOnly?: boolean;
  /** For the docs' table, one line of Markdown. */
  notes?: string;
}

const ADMIN_ONLY_NOTE = 'administrators only: skipped with a warning otherwise';

export function aboutList(stream: ListStream, endpoint: string, cost: string): StreamAbout {
  const notes = [stream.notes, stream.adminOnly ? ADMIN_ONLY_NOTE : undefined].filter(Boolean);
  return { endpoint, cost: { full: cost }, ...(notes.length ? { notes: notes.join('; ') } : {}) };
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

interface SpaceListOptions extends Omit<ListStream, 'name'> {
  /** The list pages with offset/count (teams); otherwise one GET returns all of it. */
  paged?: boolean;
}

/** A full-refresh stream of one space-wide list (priorities, resolutions, teams). */
export function spaceListStream(
  name: string,
  path: string,
  options: SpaceListOptions = {},
): StreamDefinition {
  const stream = { name, path, ...options };
  return {
    name: stream.name,
    about: aboutList(stream, `GET ${stream.path}`, stream.paged ? '1 per 100 rows' : '1'),
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

interface ProjectListOptions extends Omit<ListStream, 'name'> {
  /** Query parameters naming the project, for lists that take it there (wiki tags). */
  params?: (project: Project) => QueryParams;
  /** Projects with this module turned off are not asked. */
  module?: ProjectFeature;
}

/**
 * A full-refresh stream of one unpaged list per project in scope (issue types, statuses, members,
 * webhooks, ...), read a few projects at a time; in `path`, `:id` stands for the project's id.
 * Records carry their project's id, which older Backlog payloads leave out.
 */
export function projectListStream(
  name: string,
  path: string,
  options: ProjectListOptions = {},
): StreamDefinition {
  const stream = { name, path, ...options };
  const cost = stream.module ? `1 per project with \`${stream.module}\`` : '1 per project';
  return {
    name: stream.name,
    about: aboutList(stream, `GET ${stream.path}`, cost),
    primaryKey: stream.primaryKey,
    parentKeys: ['projectId'],
    module: stream.module,
    scope: 'project',
    async *read(context) {
      const lists = perProject(context, stream.module, async (project) => {
        const path = stream.path.replace(':id', String(project.id));
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
