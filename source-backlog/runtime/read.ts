import { asConnectorError, ConnectorError } from '../protocol/failures';
import type { JsonObject } from '../protocol/messages';
import type { MessageWriter } from '../protocol/output';
import { StreamUnavailable, type ReadContext } from '../streams/stream';
import type { SelectedStream } from './catalog';

export interface CheckpointPolicy {
  /** Emit a checkpoint at the first safe point after this many records. */
  everyRecords: number;
  /** ... or after this long, when the state moved, so a slow fan-out still resumes close by. */
  everyMs: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { everyRecords: 1000, everyMs: 30_000 };

/** "12 requests (search 2, read 10)": what one stream cost, per rate-limit bucket. */
function requestsSince(before: Record<string, number>, after: Record<string, number>): string {
  const spent = Object.entries(after)
    .map(([bucket, count]) => [bucket, count - (before[bucket] ?? 0)] as const)
    .filter(([, count]) => count > 0);
  const total = spent.reduce((sum, [, count]) => sum + count, 0);
  const detail = spent.map(([bucket, count]) => `${bucket} ${count}`).join(', ');
  return `${total} ${total === 1 ? 'request' : 'requests'}${detail ? ` (${detail})` : ''}`;
}

/** A stream failed: its INCOMPLETE status has been sent; the sync stops here. */
export class StreamFailure extends Error {
  constructor(
    readonly stream: string,
    override readonly cause: ConnectorError,
  ) {
    super(cause.message);
  }
}

/**
 * Reads the selected streams one after another, as Airbyte expects: STARTED, RUNNING with the
 * first record, STATE checkpoints carrying the record count since the previous one, a final STATE
 * and COMPLETE. The first failure marks the stream INCOMPLETE and ends the sync.
 */
export async function readStreams(
  selected: SelectedStream[],
  states: Map<string, JsonObject>,
  makeContext: (stream: SelectedStream, state: JsonObject | undefined) => ReadContext,
  out: MessageWriter,
  policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY,
): Promise<void> {
  for (const stream of selected) {
    const name = stream.definition.name;
    const savedState = stream.syncMode === 'incremental' ? states.get(name) : undefined;
    out.streamStatus(name, 'STARTED');
    let recordsSinceState = 0;
    let total = 0;
    let lastEmitted: string | undefined;
    let latest: JsonObject = savedState ?? {};
    let lastStateAt = Date.now();

    const emitState = (state: JsonObject, serialized = JSON.stringify(state)): void => {
      if (serialized === lastEmitted && recordsSinceState === 0) return;
      out.state(name, state, recordsSinceState);
      lastEmitted = serialized;
      recordsSinceState = 0;
      lastStateAt = Date.now();
    };

    try {
      const context = makeContext(stream, savedState);
      const startedAt = Date.now();
      const requestsBefore = { ...context.client.stats.byBucket };
      try {
        for await (const event of stream.definition.read(context)) {
          if ('record' in event) {
            if (total === 0) out.streamStatus(name, 'RUNNING');
            out.record(name, event.record);
            total += 1;
            recordsSinceState += 1;
            await out.ready();
          } else {
            // A full refresh has nothing to resume from: its one STATE comes at the end.
            if (stream.syncMode !== 'incremental') continue;
            latest = event.checkpoint;
            const due =
              recordsSinceState >= policy.everyRecords ||
              Date.now() - lastStateAt >= policy.everyMs;
            if (!due) continue;
            const serialized = JSON.stringify(latest);
            if (serialized !== lastEmitted) emitState(latest, serialized);
          }
        }
      } catch (error) {
        if (!(error instanceof StreamUnavailable) || total > 0) throw error;
        out.warn(`Skipping stream "${name}": ${error.message}`);
      }
      emitState(latest);
      const requests = requestsSince(requestsBefore, context.client.stats.byBucket);
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      out.info(`Stream "${name}": ${total} records, ${requests} in ${seconds} s`);
      out.streamStatus(name, 'COMPLETE');
    } catch (error) {
      out.streamStatus(name, 'INCOMPLETE');
      throw new StreamFailure(name, asConnectorError(error));
    }
  }
}
