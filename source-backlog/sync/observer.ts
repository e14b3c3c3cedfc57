import type { LogLevel } from '../protocol/messages';

/** What a sync reports while it runs (progress, summary); every call is synchronous and cheap. */
export interface SyncObserver {
  streamStarted(stream: string): void;
  recordLoaded(stream: string): void;
  /** `error`: what the connector said about a stream that failed. */
  streamFinished(stream: string, status: 'COMPLETE' | 'INCOMPLETE', error?: string): void;
  connectorLog(level: LogLevel, message: string): void;
  /** Something the person running the sync should know (not an error). */
  notice(message: string): void;
}
