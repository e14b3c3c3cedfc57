import type { BacklogClient } from '../backlog/client';
import type { BacklogConfig } from '../config/config';
import type { JsonObject, SyncMode } from '../protocol/messages';
import type { Logger } from '../protocol/output';
import type { ProjectFeature, ProjectScope } from './project-scope';

/** What a stream yields: records, and checkpoints that are safe to resume from. */
export type StreamEvent = { record: JsonObject } | { checkpoint: JsonObject };

export interface ReadContext {
  /** The stream being read: its saved state and its errors are named after it. */
  stream: string;
  client: BacklogClient;
  config: BacklogConfig;
  syncMode: SyncMode;
  /** This stream's saved state (undefined on a first sync or in full refresh). */
  state: JsonObject | undefined;
  logger: Logger;
  projects: ProjectScope;
}

/**
 * A stream: its part of the public contract (name, keys, cursor, the keys naming its parent, the
 * project module it needs) and how it is read. Discover, the tests and the docs' streams table
 * are derived from these declarations.
 */
export interface StreamDefinition {
  name: string;
  /** Default `id`: every Backlog object has one. */
  primaryKey?: string[][];
  /** Set for streams that support incremental sync. */
  cursorField?: string[];
  /** Fields the connector fills in to name the record's parent (`projectId`, `issueId`, ...). */
  parentKeys?: string[];
  /** The project module the stream reads; projects with it turned off are not asked. */
  module?: ProjectFeature;
  /**
   * 'project': every record belongs to a project in scope, so `project_keys` limits it. Default:
   * 'project' for a stream that names a module, else 'space'.
   */
  scope?: 'space' | 'project';
  /** For the docs' streams table: the endpoints it reads and what a user should know. */
  about: StreamAbout;
  read(context: ReadContext): AsyncIterable<StreamEvent>;
}

export interface StreamAbout {
  /** e.g. "GET /projects/:id/categories" */
  endpoint: string;
  /** Markdown, one line. */
  notes?: string;
  /** What a sync costs in requests: a full one, and an incremental one when it differs. */
  cost: { full: string; incremental?: string };
}

/** Raised by a stream that the credentials may not read (admin-only): skipped with a warning. */
export class StreamUnavailable extends Error {}

export function record(data: unknown): StreamEvent {
  return { record: data as JsonObject };
}

export function checkpoint(state: object | undefined): StreamEvent {
  return { checkpoint: (state ?? {}) as JsonObject };
}
