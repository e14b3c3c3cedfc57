import { PassThrough } from 'node:stream';
import { SyncProgress } from './progress';
import { formatSummary } from './summary-table';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

/** A sync of one stream as the connector reports it: 3 records, a pacing wait, its summary. */
function syncIssues(progress: SyncProgress, clock: { ms: number }) {
  progress.streamStarted('issues');
  for (let i = 0; i < 3; i++) progress.recordLoaded('issues');
  progress.connectorLog('INFO', 'Pacing the search rate-limit bucket: waiting 1.5 s');
  clock.ms += 2000;
  progress.connectorLog(
    'INFO',
    'Stream "issues": 3 records, 7 requests (search 2, read 5) in 2.0 s',
  );
  progress.streamFinished('issues', 'COMPLETE');
}

/** Progress of `streams` off a terminal, on a clock the test moves. */
function quietProgress(streams: string[]) {
  const clock = { ms: 0 };
  return { clock, progress: new SyncProgress(streams, capture().stream, false, () => clock.ms) };
}

/** The summary's lines for a sync of 3 s, 0.25 s of it loading. */
const summaryLines = (progress: SyncProgress) =>
  formatSummary({
    dbPath: 'b.duckdb',
    streams: progress.streams,
    seconds: 3,
    loadingSeconds: 0.25,
  }).split('\n');

describe('SyncProgress', () => {
  it('draws one live line per stream on a terminal: records, requests, rate-limit waits, time', () => {
    const stderr = capture();
    const clock = { ms: 0 };
    const progress = new SyncProgress(['issues', 'users'], stderr.stream, true, () => clock.ms);
    syncIssues(progress, clock);
    const lines = stderr.text().split('\n');
    expect(lines[0].split('\r\x1b[K').pop()).toBe(
      '✓ issues: 3 records, 7 requests, 1 rate-limit wait, 2.0 s',
    );
    expect(progress.streams.map((s) => [s.stream, s.records, s.requests, s.status])).toEqual([
      ['issues', 3, 7, 'COMPLETE'],
      ['users', 0, undefined, 'waiting'],
    ]);
  });

  it('shows only the connector’s warnings when stderr is not a terminal', () => {
    const stderr = capture();
    const progress = new SyncProgress(['teams'], stderr.stream, false);
    progress.streamStarted('teams');
    progress.connectorLog('WARN', 'Skipping stream "teams": needs an administrator');
    progress.streamFinished('teams', 'COMPLETE');
    expect(stderr.text()).toBe('warning: Skipping stream "teams": needs an administrator\n');
  });
});

describe('formatSummary', () => {
  it('lists each stream with records, requests, waits, seconds and records per second', () => {
    const { clock, progress } = quietProgress(['issues']);
    syncIssues(progress, clock);
    const lines = summaryLines(progress);
    expect(lines[0]).toBe(
      'Synced 1 streams into b.duckdb: 3 records in 3.0 s (1 records/s; loading busy 0.3 s of it)',
    );
    expect(lines.slice(2).map((line) => line.split(/\s{2,}/))).toEqual([
      ['stream', 'records', 'requests', 'rate-limit waits', 'seconds', 'records/s'],
      ['issues', '3', '7', '1', '2.0', '2'],
      ['total', '3', '7', '1', '3.0', '1'],
    ]);
  });
});

describe('formatSummary after a stream failed', () => {
  it('counts the complete streams, flags the failed and unread ones, and gives each error', () => {
    const { clock, progress } = quietProgress(['categories', 'issues', 'teams']);
    progress.streamStarted('categories');
    progress.streamFinished(
      'categories',
      'INCOMPLETE',
      'Backlog did not answer /categories successfully after 7 attempts\nmore detail',
    );
    syncIssues(progress, clock);
    const lines = summaryLines(progress);
    expect(lines[0]).toMatch(/^Synced 1 of 3 streams into b\.duckdb: 3 records/);
    expect(lines.slice(3, 6).map((line) => line.split(/\s{2,}/)[0])).toEqual([
      'categories (failed)',
      'issues',
      'teams (not read)',
    ]);
    expect(lines.slice(-2)).toEqual([
      '',
      'categories failed: Backlog did not answer /categories successfully after 7 attempts',
    ]);
  });
});
