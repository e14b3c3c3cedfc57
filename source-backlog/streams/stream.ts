import type { BacklogClient } from '../backlog/client';
import type { BacklogConfig } from '../config/config';
import type { JsonObject, SyncMode } from '../protocol/messages';
import type { Logger } from '../protocol/output';
import type { ProjectScope } from './project-scope';

/** What a stream yields: records, and checkpoints that are safe to resume from. */
export type StreamEvent = { record: JsonObject } | { checkpoint: JsonObject };

export interface ReadContext {
  client: BacklogClient;
  config: BacklogConfig;
  syncMode: SyncMode;
  /** This stream's saved state (undefined on a first sync or in full refresh). */
  state: JsonObject | undefined;
  logger: Logger;
  projects: ProjectScope;
}

export interface StreamDefinition {
  name: string;
  primaryKey: string[][];
  /** Set for streams that support incremental sync. */
  cursorField?: string[];
  read(context: ReadContext): AsyncIterable<StreamEvent>;
}

/** Raised by a stream that the credentials may not read (admin-only): skipped with a warning. */
export class StreamUnavailable extends Error {}

export function record(data: unknown): StreamEvent {
  return { record: data as JsonObject };
}

export function checkpoint(state: object | undefined): StreamEvent {
  return { checkpoint: (state ?? {}) as JsonObject };
}
