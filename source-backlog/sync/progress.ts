import type { Writable } from 'node:stream';
import type { LogLevel } from '../protocol/messages';
import { isRateLimitWait, requestsOfStreamSummary } from './connector-logs';
import type { SyncObserver } from './observer';

export interface StreamProgress {
  stream: string;
  records: number;
  /** From the connector's summary line at the end of the stream. */
  requests: number | undefined;
  rateLimitWaits: number;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  status: 'waiting' | 'running' | 'COMPLETE' | 'INCOMPLETE';
  /** The connector's error for a stream that failed. */
  error: string | undefined;
}

const REDRAW_EVERY_MS = 100;

/**
 * Keeps each stream's figures, and shows them on stderr: a live line per stream when stderr is a
 * terminal, and the connector's warnings always.
 */
export class SyncProgress implements SyncObserver {
  private readonly byStream = new Map<string, StreamProgress>();
  private current: StreamProgress | undefined;
  private lastDrawnAt = 0;
  private lineShown = false;

  constructor(
    streams: string[],
    private readonly stderr: Writable,
    private readonly live: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    for (const stream of streams) {
      this.byStream.set(stream, {
        stream,
        records: 0,
        requests: undefined,
        rateLimitWaits: 0,
        startedAt: undefined,
        finishedAt: undefined,
        status: 'waiting',
        error: undefined,
      });
    }
  }

  get streams(): StreamProgress[] {
    return [...this.byStream.values()];
  }

  streamStarted(stream: string): void {
    const progress = this.byStream.get(stream);
    if (!progress) return;
    progress.startedAt = this.now();
    progress.status = 'running';
    this.current = progress;
    this.draw(true);
  }

  recordLoaded(stream: string): void {
    const progress = this.byStream.get(stream);
    if (!progress) return;
    progress.records += 1;
    this.draw(false);
  }

  streamFinished(stream: string, status: 'COMPLETE' | 'INCOMPLETE', error?: string): void {
    const progress = this.byStream.get(stream);
    if (!progress) return;
    progress.finishedAt = this.now();
    progress.status = status;
    progress.error = error;
    this.draw(true);
    if (this.live && this.lineShown) this.stderr.write('\n');
    this.lineShown = false;
    this.current = undefined;
  }

  connectorLog(level: LogLevel, message: string): void {
    const summary = requestsOfStreamSummary(message);
    const stream = summary ? this.byStream.get(summary.stream) : undefined;
    if (stream && summary) stream.requests = summary.requests;
    if (this.current && isRateLimitWait(message)) this.current.rateLimitWaits += 1;
    if (level === 'WARN' || level === 'ERROR' || level === 'FATAL') {
      this.notice(`${level === 'WARN' ? 'warning' : 'error'}: ${message}`);
    }
    this.draw(false);
  }

  notice(message: string): void {
    this.clearLine();
    this.stderr.write(`${message}\n`);
    this.draw(true);
  }

  private draw(force: boolean): void {
    if (!this.live || !this.current) return;
    const now = this.now();
    if (!force && now - this.lastDrawnAt < REDRAW_EVERY_MS) return;
    this.lastDrawnAt = now;
    this.stderr.write(`\r\x1b[K${describe(this.current, now)}`);
    this.lineShown = true;
  }

  private clearLine(): void {
    if (this.live && this.lineShown) this.stderr.write('\r\x1b[K');
    this.lineShown = false;
  }
}

function count(value: number, noun: string): string {
  return `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}`;
}

function describe(progress: StreamProgress, now: number): string {
  const seconds = (((progress.finishedAt ?? now) - (progress.startedAt ?? now)) / 1000).toFixed(1);
  const state = progress.status === 'running' ? '…' : progress.status === 'COMPLETE' ? '✓' : '✗';
  const requests =
    progress.requests === undefined ? '' : `, ${count(progress.requests, 'request')}`;
  return `${state} ${progress.stream}: ${count(progress.records, 'record')}${requests}, ${count(progress.rateLimitWaits, 'rate-limit wait')}, ${seconds} s`;
  return `${state} ${progress.stream}: ${progress.records.toLocaleString('en-US')} records${requests}, ${progress.rateLimitWaits} rate-limit waits, ${seconds} s`;
}
