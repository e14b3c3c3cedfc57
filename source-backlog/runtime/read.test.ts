import { PassThrough } from 'node:stream';
import {
  configError,
  ConnectorError,
  systemError,
  transientError,
  unusableConfig,
  UnusableConfigError,
} from '../protocol/failures';
import type { JsonObject } from '../protocol/messages';
import { MessageWriter } from '../protocol/output';
import {
  checkpoint,
  record,
  StreamUnavailable,
  type StreamDefinition,
  type StreamEvent,
} from '../stream/definition';
import { stateNotUnderstood } from '../incremental/saved-state';
import type { SelectedStream } from './catalog';
import { failedStreamsError, readStreams, skipRetiredStreams, type CheckpointPolicy } from './read';

function streamOf(
  name: string,
  events: () => AsyncIterable<StreamEvent>,
  cursor = true,
): StreamDefinition {
  return {
    name,
    about: { endpoint: `GET /${name}`, cost: { full: '1' } },
    primaryKey: [['id']],
    cursorField: cursor ? ['updated'] : undefined,
    read: events,
  };
}

/** A full-refresh stream of one record. */
const oneRecordStream = (name: string) =>
  streamOf(
    name,
    async function* () {
      yield record({ id: 1 });
    },
    false,
  );

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Message = Record<string, any>;

/** A writer whose messages land, parsed, in `lines`. */
function capture() {
  const stdout = new PassThrough();
  const lines: Message[] = [];
  stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { out: new MessageWriter(stdout), lines };
}

/** Reads `selected` from the saved `states`; `byBucket` is the client's request count. */
async function run(
  selected: SelectedStream[],
  policy: CheckpointPolicy = { everyRecords: 2, everyMs: 60_000 },
  states: Record<string, JsonObject> = {},
  byBucket: Record<string, number> = { read: 0, search: 0 },
) {
  const { out, lines } = capture();
  const given: Array<[string, JsonObject | undefined]> = [];
  let failure: unknown;
  try {
    const makeContext = (stream: SelectedStream, state: JsonObject | undefined) => {
      given.push([stream.definition.name, state]);
      return { client: { stats: { byBucket } } } as never;
    };
    await readStreams(selected, new Map(Object.entries(states)), makeContext, out, policy);
  } catch (error) {
    failure = error;
  }
  await out.flush();
  return { lines, failure, given };
}

const kinds = (lines: Message[]) =>
  lines.map((line) =>
    line.type === 'TRACE'
      ? (line.trace.stream_status?.status ?? 'ERROR')
      : line.type === 'STATE'
        ? `STATE:${line.state.sourceStats.recordCount}`
        : line.type,
  );
const statesOf = (lines: Message[]) =>
  lines.filter((line) => line.type === 'STATE').map((line) => line.state.stream.stream_state);

/** The kinds of a stream failing: its summary, the ERROR trace, INCOMPLETE. */
const FAILED = ['LOG', 'ERROR', 'INCOMPLETE'];
/** The kinds of a stream read whole that sent records: `sent` between its statuses and summary. */
const readWhole = (...sent: string[]) => ['STARTED', 'RUNNING', ...sent, 'LOG', 'COMPLETE'];
const ONE_RECORD_READ = readWhole('RECORD', 'STATE:1');

describe('readStreams', () => {
  describe('a slow stream', () => {
    beforeEach(() => jest.useFakeTimers({ now: Date.parse('2025-07-01T00:00:00Z') }));
    afterEach(() => jest.useRealTimers());

    it('checkpoints once everyMs has passed, however few records came', async () => {
      const stream = streamOf('issue_comments', async function* () {
        yield record({ id: 1 });
        yield checkpoint({ issues_updated: '2024-01-01T00:00:00Z' });
        jest.setSystemTime(Date.now() + 29_000);
        yield record({ id: 2 });
        yield checkpoint({ issues_updated: '2024-01-02T00:00:00Z' });
        jest.setSystemTime(Date.now() + 2_000);
        yield checkpoint({ issues_updated: '2024-01-03T00:00:00Z' });
        yield record({ id: 3 });
        yield checkpoint({ issues_updated: '2024-01-04T00:00:00Z' });
      });
      const { lines } = await run([{ definition: stream, syncMode: 'incremental' }], {
        everyRecords: 1000,
        everyMs: 30_000,
      });
      expect(kinds(lines)).toEqual(readWhole('RECORD', 'RECORD', 'STATE:2', 'RECORD', 'STATE:1'));
      const states = lines.filter((line) => line.type === 'STATE');
      expect(states.map((line) => line.state.stream.stream_state.issues_updated)).toEqual([
        '2024-01-03T00:00:00Z',
        '2024-01-04T00:00:00Z',
      ]);
    });
  });

  it('reports statuses and checkpoints with the record count since the previous one', async () => {
    const stream = streamOf('issues', async function* () {
      for (let id = 1; id <= 5; id++) {
        yield record({ id, updated: `2024-01-0${id}T00:00:00Z` });
        yield checkpoint({ updated: `2024-01-0${id}T00:00:00Z` });
      }
    });
    const { lines } = await run([{ definition: stream, syncMode: 'incremental' }]);
    expect(kinds(lines)).toEqual(
      readWhole('RECORD', 'RECORD', 'STATE:2', 'RECORD', 'RECORD', 'STATE:2', 'RECORD', 'STATE:1'),
    );
  });

  it('sends one STATE at the end of a full refresh', async () => {
    const stream = streamOf('issues', async function* () {
      for (let id = 1; id <= 5; id++) {
        yield record({ id });
        yield checkpoint({ updated: 'x' });
      }
    });
    const { lines } = await run([{ definition: stream, syncMode: 'full_refresh' }]);
    const states = lines.filter((line) => line.type === 'STATE');
    expect(states).toHaveLength(1);
    expect(states[0].state.stream.stream_state).toEqual({});
    expect(states[0].state.sourceStats.recordCount).toBe(5);
  });

  it('skips a stream the credentials may not read, with a warning, and goes on', async () => {
    const forbidden = streamOf(
      'users',
      // eslint-disable-next-line require-yield
      async function* () {
        throw new StreamUnavailable('needs an administrator');
      },
      false,
    );
    const next = oneRecordStream('space');
    const { lines, failure } = await run([
      { definition: forbidden, syncMode: 'full_refresh' },
      { definition: next, syncMode: 'full_refresh' },
    ]);
    expect(failure).toBeUndefined();
    expect(
      lines.find((line) => line.type === 'LOG' && line.log.level === 'WARN')?.log.message,
    ).toMatch(/users.*administrator/);
    expect(lines.filter((line) => line.trace?.stream_status?.status === 'COMPLETE')).toHaveLength(
      2,
    );
  });

  it('traces a failing stream, marks it INCOMPLETE, reads the next to COMPLETE, then fails the read', async () => {
    const failing = streamOf('issues', async function* () {
      yield record({ id: 1, updated: '2024-01-01T00:00:00Z' });
      throw transientError('Backlog did not answer /issues');
    });
    const next = streamOf('wikis', async function* () {
      yield record({ id: 2, updated: '2024-01-02T00:00:00Z' });
      yield checkpoint({ updated: '2024-01-02T00:00:00Z' });
    });
    const { lines, failure } = await run([
      { definition: failing, syncMode: 'incremental' },
      { definition: next, syncMode: 'incremental' },
    ]);
    expect(kinds(lines)).toEqual(['STARTED', 'RUNNING', 'RECORD', ...FAILED, ...ONE_RECORD_READ]);
    const trace = lines.find((line) => line.trace?.type === 'ERROR')?.trace.error;
    expect(trace).toMatchObject({
      message: 'Backlog did not answer /issues',
      failure_type: 'transient_error',
      stream_descriptor: { name: 'issues' },
    });
    expect(lines[3].log.message).toMatch(/^Stream "issues": 1 records, .*, then it failed$/);
    expect(lines[9].state.stream.stream_descriptor.name).toBe('wikis');
    // The error the read ends with: no stream of its own, and as retryable as the stream's.
    expect(failure).toBeInstanceOf(ConnectorError);
    expect((failure as ConnectorError).failureType).toBe('transient_error');
    expect((failure as ConnectorError).message).toBe(
      'During the sync, the following streams did not sync successfully: issues (Backlog did not answer /issues)',
    );
  });

  it('goes on after a saved state it does not understand: that fails its stream only', async () => {
    const misread = streamOf(
      'issues',
      // eslint-disable-next-line require-yield
      async function* () {
        throw stateNotUnderstood('issues', '"updated" must be a date-time');
      },
    );
    const { lines, failure } = await run([
      { definition: misread, syncMode: 'incremental' },
      { definition: oneRecordStream('space'), syncMode: 'full_refresh' },
    ]);
    expect(kinds(lines)).toEqual(['STARTED', ...FAILED, ...ONE_RECORD_READ]);
    expect((failure as ConnectorError).failureType).toBe('config_error');
  });

  it('stops at once on a config no stream can be read with, without starting the next', async () => {
    const rejected = streamOf(
      'space',
      // eslint-disable-next-line require-yield
      async function* () {
        throw unusableConfig('Backlog rejected the API key');
      },
      false,
    );
    let nextRead = false;
    const never = streamOf(
      'issues',
      // eslint-disable-next-line require-yield
      async function* () {
        nextRead = true;
      },
    );
    const { lines, failure } = await run([
      { definition: rejected, syncMode: 'full_refresh' },
      { definition: never, syncMode: 'incremental' },
    ]);
    // The one ERROR trace is the run's (cli.ts), not the stream's.
    expect(kinds(lines)).toEqual(['STARTED', 'LOG', 'INCOMPLETE']);
    expect(nextRead).toBe(false);
    expect(failure).toBeInstanceOf(UnusableConfigError);
  });
});

describe('readStreams and the saved state', () => {
  const saved = { issues: { updated: '2025-06-30T12:00:00Z' } };
  const quiet = streamOf('issues', async function* () {});

  it('hands an incremental stream its saved state, and sends it back when nothing changed', async () => {
    const { lines, given } = await run(
      [{ definition: quiet, syncMode: 'incremental' }],
      undefined,
      saved,
    );
    expect(given).toEqual([['issues', { updated: '2025-06-30T12:00:00Z' }]]);
    expect(kinds(lines)).toEqual(['STARTED', 'STATE:0', 'LOG', 'COMPLETE']);
    expect(statesOf(lines)).toEqual([{ updated: '2025-06-30T12:00:00Z' }]);
  });

  it('gives a full refresh no saved state, and ends it with an empty one', async () => {
    const { lines, given } = await run(
      [{ definition: quiet, syncMode: 'full_refresh' }],
      undefined,
      saved,
    );
    expect(given).toEqual([['issues', undefined]]);
    expect(statesOf(lines)).toEqual([{}]);
  });
});

describe('readStreams checkpoints (a STATE is due every 2 records)', () => {
  const R = (id: number) => record({ id });
  const A = checkpoint({ updated: 'A' });
  it.each([
    ['no second STATE for a checkpoint sent with no record since', [R(1), R(2), A], ['STATE:2']],
    [
      'the records after an unchanged checkpoint counted at the end',
      [R(1), R(2), A, R(3), A],
      ['STATE:2', 'STATE:1'],
    ],
    [
      'a due checkpoint that did not move held, its records counted in the next STATE',
      [R(1), R(2), A, R(3), R(4), A, R(5)],
      ['STATE:2', 'STATE:3'],
    ],
  ])('%s', async (_, events, expected) => {
    const stream = streamOf('issues', async function* () {
      yield* events;
    });
    const { lines } = await run([{ definition: stream, syncMode: 'incremental' }]);
    expect(kinds(lines).filter((kind) => kind.startsWith('STATE'))).toEqual(expected);
    expect(statesOf(lines).every((state) => state.updated === 'A')).toBe(true);
  });

  describe('on a set clock', () => {
    const startedAt = Date.parse('2025-07-01T00:00:00Z');
    beforeEach(() => jest.useFakeTimers({ now: startedAt }));
    afterEach(() => jest.useRealTimers());

    it('checkpoints when exactly everyMs has passed', async () => {
      const stream = streamOf('issues', async function* () {
        yield record({ id: 1 });
        jest.setSystemTime(startedAt + 30_000);
        yield checkpoint({ updated: 'A' });
        yield record({ id: 2 });
      });
      const { lines } = await run([{ definition: stream, syncMode: 'incremental' }], {
        everyRecords: 1000,
        everyMs: 30_000,
      });
      expect(kinds(lines).filter((kind) => kind.startsWith('STATE'))).toEqual([
        'STATE:1',
        'STATE:1',
      ]);
    });

    it("logs each stream's records, requests per bucket and time", async () => {
      const byBucket = { read: 7, search: 3, update: 0 };
      const issues = streamOf('issues', async function* () {
        byBucket.read += 10;
        byBucket.search += 2;
        yield record({ id: 1 });
        yield record({ id: 2 });
        jest.setSystemTime(startedAt + 1_500);
      });
      const space = streamOf('space', async function* () {
        byBucket.read += 1;
        yield record({ id: 1 });
      });
      const users = streamOf('users', async function* () {});
      const { lines } = await run(
        [issues, space, users].map((definition) => ({ definition, syncMode: 'full_refresh' })),
        undefined,
        {},
        byBucket,
      );
      expect(lines.filter((line) => line.type === 'LOG').map((line) => line.log.message)).toEqual([
        'Stream "issues": 2 records, 12 requests (read 10, search 2) in 1.5 s',
        'Stream "space": 1 records, 1 request (read 1) in 0.0 s',
        'Stream "users": 0 records, 0 requests in 0.0 s',
      ]);
    });
  });

  it('fails a stream that became unavailable after some of its records: it was not read whole', async () => {
    const stream = streamOf('users', async function* () {
      yield record({ id: 1 });
      throw new StreamUnavailable('needs an administrator');
    });
    const { lines, failure } = await run([{ definition: stream, syncMode: 'full_refresh' }]);
    expect(kinds(lines)).toEqual(['STARTED', 'RUNNING', 'RECORD', ...FAILED]);
    expect(statesOf(lines)).toEqual([]);
    expect(failure).toBeInstanceOf(Error);
  });
});

describe('failedStreamsError', () => {
  const failed = (stream: string, error: ConnectorError) => ({ stream, error });

  it('is a config_error only when every failed stream failed with one: a retry cannot help', () => {
    const error = failedStreamsError([
      failed('issues', configError('state not understood')),
      failed('wikis', configError('state not understood')),
    ]);
    expect(error.failureType).toBe('config_error');
    expect(error.message).toBe(
      'During the sync, the following streams did not sync successfully: issues (state not understood); wikis (state not understood)',
    );
  });

  it('is retryable as soon as one stream failed for a reason a retry may fix', () => {
    for (const other of [transientError('timeout'), systemError('bug')]) {
      const error = failedStreamsError([
        failed('issues', configError('state not understood')),
        failed('wikis', other),
      ]);
      expect(error.failureType).toBe('transient_error');
    }
  });
});

describe('skipRetiredStreams', () => {
  it('marks each INCOMPLETE, without STARTED, after a warning to refresh the schema', async () => {
    const { out, lines } = capture();
    skipRetiredStreams(['issue_watchers_old'], out);
    await out.flush();
    expect(kinds(lines)).toEqual(['LOG', 'INCOMPLETE']);
    expect(lines[0].log).toEqual({
      level: 'WARN',
      message: expect.stringMatching(
        /"issue_watchers_old".*this version of the connector does not have it.*Refresh the source schema/,
      ),
    });
    expect(lines[1].trace.stream_status.stream_descriptor).toEqual({ name: 'issue_watchers_old' });
  });
});
