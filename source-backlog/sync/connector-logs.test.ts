import { PassThrough } from 'node:stream';
import type { Clock } from '../backlog/clock';
import { parseConfig } from '../config/config';
import { connect } from '../connector';
import { MessageWriter } from '../protocol/output';
import { readStreams } from '../runtime/read';
import { record, type StreamDefinition } from '../stream/definition';
import { isRateLimitWait, requestsOfStreamSummary } from './connector-logs';

/** LOG lines the connector prints while `act` runs. */
async function logsOf(act: (out: MessageWriter) => Promise<void>): Promise<string[]> {
  const stdout = new PassThrough();
  const logs: string[] = [];
  stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      const message = JSON.parse(line);
      if (message.type === 'LOG') logs.push(message.log.message);
    }
  });
  const out = new MessageWriter(stdout);
  await act(out);
  await out.flush();
  return logs;
}

describe('reading what the connector logs', () => {
  it('takes the request count from the summary line the read loop prints per stream', async () => {
    const stats = { byBucket: { read: 0, search: 0 } };
    const issues: StreamDefinition = {
      name: 'issues',
      about: { endpoint: 'GET /issues', cost: { full: '1' } },
      primaryKey: [['id']],
      async *read() {
        stats.byBucket.search += 2;
        stats.byBucket.read += 5;
        yield record({ id: 1 });
      },
    };
    const logs = await logsOf((out) =>
      readStreams(
        [{ definition: issues, syncMode: 'full_refresh' }],
        new Map(),
        () => ({ client: { stats } }) as never,
        out,
      ),
    );
    expect(logs.map(requestsOfStreamSummary).filter(Boolean)).toEqual([
      { stream: 'issues', requests: 7 },
    ]);
  });

  it('recognises the connector pacing a rate-limit bucket as a wait', async () => {
    let nowMs = 1_700_000_000_000;
    const clock: Clock = { now: () => nowMs, sleep: async (ms) => void (nowMs += ms) };
    const config = parseConfig({
      space_url: 'https://acme.backlog.com',
      credentials: { auth_type: 'api_key', api_key: 'key-1234' },
    });
    const logs = await logsOf(async (out) => {
      const { governor } = connect(config, out, { clock });
      await governor.acquire('search');
      governor.release('search', { limit: 2, remaining: 0, resetEpochSeconds: nowMs / 1000 + 30 });
      await governor.acquire('search');
    });
    expect(logs.filter(isRateLimitWait)).toHaveLength(1);
    expect(logs.filter((log) => !isRateLimitWait(log))).toEqual([]);
  });
});
