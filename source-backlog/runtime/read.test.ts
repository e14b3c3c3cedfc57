import { PassThrough } from 'node:stream';
import { configError } from '../protocol/failures';
import { MessageWriter } from '../protocol/output';
import {
  checkpoint,
  record,
  StreamUnavailable,
  type StreamDefinition,
  type StreamEvent,
} from '../streams/stream';
import type { SelectedStream } from './catalog';
import { readStreams, StreamFailure } from './read';

function streamOf(
  name: string,
  events: () => AsyncIterable<StreamEvent>,
  cursor = true,
): StreamDefinition {
  return {
    name,
    primaryKey: [['id']],
    cursorField: cursor ? ['updated'] : undefined,
    read: events,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Message = Record<string, any>;

async function run(selected: SelectedStream[]) {
  const stdout = new PassThrough();
  const lines: Message[] = [];
  stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  const out = new MessageWriter(stdout);
  let failure: unknown;
  try {
    const context = { client: { stats: { byBucket: { read: 0, search: 0 } } } };
    await readStreams(selected, new Map(), () => context as never, out, {
      everyRecords: 2,
      everyMs: 60_000,
    });
  } catch (error) {
    failure = error;
  }
  await out.flush();
  return { lines, failure };
}

const kinds = (lines: Message[]) =>
  lines.map((line) =>
    line.type === 'TRACE'
      ? (line.trace.stream_status?.status ?? 'ERROR')
      : line.type === 'STATE'
        ? `STATE:${line.state.sourceStats.recordCount}`
        : line.type,
  );

describe('readStreams', () => {
  it('reports statuses and checkpoints with the record count since the previous one', async () => {
    const stream = streamOf('issues', async function* () {
      for (let id = 1; id <= 5; id++) {
        yield record({ id, updated: `2024-01-0${id}T00:00:00Z` });
        yield checkpoint({ updated: `2024-01-0${id}T00:00:00Z` });
      }
    });
    const { lines } = await run([{ definition: stream, syncMode: 'incremental' }]);
    expect(kinds(lines)).toEqual([
      'STARTED',
      'RUNNING',
      'RECORD',
      'RECORD',
      'STATE:2',
      'RECORD',
      'RECORD',
      'STATE:2',
      'RECORD',
      'STATE:1',
      'LOG',
      'COMPLETE',
    ]);
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
    const next = streamOf(
      'space',
      async function* () {
        yield record({ id: 1 });
      },
      false,
    );
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

  it('marks a failing stream INCOMPLETE and reads nothing after it', async () => {
    const failing = streamOf('issues', async function* () {
      yield record({ id: 1, updated: '2024-01-01T00:00:00Z' });
      throw configError('the key was rejected');
    });
    const never = streamOf(
      'space',
      async function* () {
        yield record({ id: 2 });
      },
      false,
    );
    const { lines, failure } = await run([
      { definition: failing, syncMode: 'incremental' },
      { definition: never, syncMode: 'full_refresh' },
    ]);
    expect(failure).toBeInstanceOf(StreamFailure);
    expect((failure as StreamFailure).cause.failureType).toBe('config_error');
    expect(kinds(lines)).toEqual(['STARTED', 'RUNNING', 'RECORD', 'INCOMPLETE']);
  });
});
