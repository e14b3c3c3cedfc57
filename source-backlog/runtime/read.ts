import {
  asConnectorError,
  configError,
  transientError,
  UnusableConfigError,
  type ConnectorError,
} from '../protocol/failures';
import type { JsonObject } from '../protocol/messages';
import type { MessageWriter } from '../protocol/output';
import { StreamUnavailable, type ReadContext } from '../stream/definition';
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

/** A stream that failed: its ERROR trace and INCOMPLETE status are out, the read went on. */
export interface FailedStream {
  stream: string;
  error: ConnectorError;
}

/**
 * The error a read ends with when streams failed, after every other stream was read. The platform
 * fails an attempt on the exit code, not on a TRACE ERROR, and keeps the STATE of the streams that
 * completed; like the Python CDK's closing "During the sync, the following streams did not sync
 * successfully" (abstract_source.py), this error only repeats the streams' own traces.
 *
 * failure_type: the platform retries an attempt unless its first failure (by emitted_at) is a
 * config_error. The streams' traces come first and decide; this one is config_error only when
 * every stream failed with one (a retry would fail the same way), else transient_error, so that it
 * never turns a retryable failure into a final one. The CDK always says config_error, which holds
 * only while the streams' traces sort first; transient rather than system_error because a stream's
 * own system_error has been reported already.
 */
export function failedStreamsError(failures: FailedStream[]): ConnectorError {
  const list = failures.map(({ stream, error }) => `${stream} (${error.message})`).join('; ');
  const message = `During the sync, the following streams did not sync successfully: ${list}`;
  return failures.every(({ error }) => error.failureType === 'config_error')
    ? configError(message)
    : transientError(message);
}

/**
 * Configured streams this version of the connector does not have (renamed or removed since the
 * connection's schema was last refreshed): INCOMPLETE without STARTED, as the Python CDK does
 * with `raise_exception_on_missing_stream = False`, and a warning; the others are read.
 */
export function skipRetiredStreams(names: string[], out: MessageWriter): void {
  for (const name of names) {
    out.warn(
      `Skipping stream "${name}": the configured catalog names it, but this version of the connector does not have it (renamed or removed). Refresh the source schema in the connection's settings.`,
    );
    out.streamStatus(name, 'INCOMPLETE');
  }
}

/**
 * Reads the selected streams one after another, as Airbyte expects: STARTED, RUNNING with the
 * first record, STATE checkpoints carrying the record count since the previous one, a final STATE
 * and COMPLETE. A stream that fails gets its ERROR trace and INCOMPLETE, and the read goes on
 * with the next (the Python CDK's default, `stop_sync_on_stream_failure = False`); at the end
 * `failedStreamsError` is thrown. An UnusableConfigError (rejected credentials, not a Backlog
 * space) would fail every stream the same way: it is thrown at once.
 */
export async function readStreams(
  selected: SelectedStream[],
  states: Map<string, JsonObject>,
  makeContext: (stream: SelectedStream, state: JsonObject | undefined) => ReadContext,
  out: MessageWriter,
  policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY,
): Promise<void> {
  const failures: FailedStream[] = [];
  for (const stream of selected) {
    const name = stream.definition.name;
    try {
      await readStream(stream, states, makeContext, out, policy);
    } catch (thrown) {
      const error = asConnectorError(thrown);
      if (error instanceof UnusableConfigError) {
        out.streamStatus(name, 'INCOMPLETE');
        throw error;
      }
      out.traceError(error, name);
      out.streamStatus(name, 'INCOMPLETE');
      failures.push({ stream: name, error });
    }
  }
  if (failures.length > 0) throw failedStreamsError(failures);
}

async function readStream(
  stream: SelectedStream,
  states: Map<string, JsonObject>,
  makeContext: (stream: SelectedStream, state: JsonObject | undefined) => ReadContext,
  out: MessageWriter,
  policy: CheckpointPolicy,
): Promise<void> {
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

  const context = makeContext(stream, savedState);
  const startedAt = Date.now();
  const requestsBefore = { ...context.client.stats.byBucket };
  const summary = (): string => {
    const requests = requestsSince(requestsBefore, context.client.stats.byBucket);
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    return `Stream "${name}": ${total} records, ${requests} in ${seconds} s`;
  };
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
          recordsSinceState >= policy.everyRecords || Date.now() - lastStateAt >= policy.everyMs;
        if (!due) continue;
        const serialized = JSON.stringify(latest);
        if (serialized !== lastEmitted) emitState(latest, serialized);
      }
    }
  } catch (error) {
    if (!(error instanceof StreamUnavailable) || total > 0) {
      out.info(`${summary()}, then it failed`);
      throw error;
    }
    out.warn(`Skipping stream "${name}": ${error.message}`);
  }
  emitState(latest);
  out.info(summary());
  out.streamStatus(name, 'COMPLETE');
}
