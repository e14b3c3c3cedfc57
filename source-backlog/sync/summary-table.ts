import type { StreamProgress } from './progress';
import type { SyncError } from './sync-error';

export interface SyncReport {
  dbPath: string;
  streams: StreamProgress[];
  /** The whole sync: discover, read and load. */
  seconds: number;
  /** Of that, the time spent loading (typing, appending, committing) while the connector read. */
  loadingSeconds: number;
  /** Set when a stream failed or the connector stopped: the sync exits 1 after the summary. */
  failure?: SyncError;
}

const number = (value: number): string => value.toLocaleString('en-US');

function perSecond(records: number, seconds: number): string {
  return seconds > 0 && records > 0 ? number(Math.round(records / seconds)) : '-';
}

const UNFINISHED: Record<StreamProgress['status'], string> = {
  COMPLETE: '',
  INCOMPLETE: ' (failed)',
  running: ' (stopped)',
  waiting: ' (not read)',
};

function streamSeconds(stream: StreamProgress): number {
  return stream.startedAt !== undefined && stream.finishedAt !== undefined
    ? (stream.finishedAt - stream.startedAt) / 1000
    : 0;
}

/** The table printed at the end of a sync: one row per stream, then the total. */
export function formatSummary(report: SyncReport): string {
  const records = report.streams.reduce((sum, stream) => sum + stream.records, 0);
  const requests = report.streams.reduce((sum, stream) => sum + (stream.requests ?? 0), 0);
  const waits = report.streams.reduce((sum, stream) => sum + stream.rateLimitWaits, 0);
  const rows = [
    ['stream', 'records', 'requests', 'rate-limit waits', 'seconds', 'records/s'],
    ...report.streams.map((stream) => [
      `${stream.stream}${UNFINISHED[stream.status]}`,
      number(stream.records),
      stream.requests === undefined ? '-' : number(stream.requests),
      number(stream.rateLimitWaits),
      streamSeconds(stream).toFixed(1),
      perSecond(stream.records, streamSeconds(stream)),
    ]),
    [
      'total',
      number(records),
      number(requests),
      number(waits),
      report.seconds.toFixed(1),
      perSecond(records, report.seconds),
    ],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ');
  const complete = report.streams.filter((stream) => stream.status === 'COMPLETE').length;
  const synced =
    complete === report.streams.length ? `${complete}` : `${complete} of ${report.streams.length}`;
  const errors = report.streams
    .filter((stream) => stream.error !== undefined)
    .map((stream) => `${stream.stream} failed: ${stream.error!.split('\n')[0]}`);
  return [
    `Synced ${synced} streams into ${report.dbPath}: ${number(records)} records in ${report.seconds.toFixed(1)} s (${perSecond(records, report.seconds)} records/s; loading busy ${report.loadingSeconds.toFixed(1)} s of it)`,
    '',
    line(rows[0]),
    ...rows.slice(1, -1).map(line),
    line(rows[rows.length - 1]),
    ...(errors.length > 0 ? ['', ...errors] : []),
  ].join('\n');
}
