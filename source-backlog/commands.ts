import { DEFAULT_RETRY_POLICY } from './backlog/backoff';
import { parseConfig } from './config/config';
import { spec } from './config/spec';
import { connect, type Connection } from './connector';
import type { AirbyteStream } from './protocol/messages';
import { asConnectorError } from './protocol/failures';
import type { MessageWriter } from './protocol/output';
import { selectStreams } from './runtime/catalog';
import { readStreams, skipRetiredStreams } from './runtime/read';
import { parseInputState } from './runtime/state';
import { STREAMS } from './streams';
import { contractOf } from './stream/contract';
import { loadStreamSchema } from './stream/schemas';
import type { StreamDefinition } from './stream/definition';

export function runSpec(out: MessageWriter): void {
  out.write({ type: 'SPEC', spec });
}

/** Verifies the credentials, that the host is a Backlog space, and every configured project key. */
export async function runCheck(rawConfig: unknown, out: MessageWriter): Promise<void> {
  try {
    const config = parseConfig(rawConfig);
    // A check answers a person waiting in a form: a couple of quick retries, not minutes.
    const { client, projects } = connect(config, out, {
      retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 2, max429Waits: 2 },
    });
    const me = await client.get<{ name?: string; userId?: string }>('/users/myself');
    const space = await client.get<{ spaceKey?: string; name?: string }>('/space');
    if (typeof space?.spaceKey !== 'string') {
      throw new Error(`${client.describeUrl('/space')} did not return a Backlog space`);
    }
    const scoped = await projects.list();
    out.info(
      `Connected to Backlog space "${space.spaceKey}" as ${me.userId ?? me.name ?? 'the configured user'}; ${scoped.length} project(s) in scope`,
    );
    out.write({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
  } catch (error) {
    const failure = asConnectorError(error);
    out.write({
      type: 'CONNECTION_STATUS',
      connectionStatus: { status: 'FAILED', message: out.redactor.redact(failure.message) },
    });
  }
}

export function describeStream(stream: StreamDefinition): AirbyteStream {
  const contract = contractOf(stream);
  const incremental = contract.cursorField !== undefined;
  return {
    name: contract.name,
    json_schema: loadStreamSchema(contract.name),
    supported_sync_modes: contract.syncModes,
    source_defined_cursor: incremental,
    ...(incremental ? { default_cursor_field: contract.cursorField } : {}),
    source_defined_primary_key: contract.primaryKey,
    is_resumable: incremental,
  };
}

export function runDiscover(rawConfig: unknown, out: MessageWriter): void {
  parseConfig(rawConfig);
  out.write({ type: 'CATALOG', catalog: { streams: STREAMS.map(describeStream) } });
}

export async function runRead(
  rawConfig: unknown,
  rawCatalog: unknown,
  rawState: unknown,
  out: MessageWriter,
): Promise<void> {
  const config = parseConfig(rawConfig);
  const { selected, retired } = selectStreams(rawCatalog, STREAMS);
  const states = parseInputState(rawState);
  const connection = connect(config, out);
  const { client, projects } = connection;
  const started = Date.now();
  skipRetiredStreams(retired, out);
  try {
    await readStreams(
      selected,
      states,
      (stream, state) => ({
        stream: stream.definition.name,
        client,
        config,
        syncMode: stream.syncMode,
        state,
        logger: out,
        projects,
      }),
      out,
    );
  } finally {
    logReadSummary(out, connection, started);
  }
}

/** What the whole read cost, whether or not every stream completed. */
function logReadSummary(
  out: MessageWriter,
  { client, governor }: Connection,
  started: number,
): void {
  const byBucket = Object.entries(client.stats.byBucket)
    .filter(([, count]) => count > 0)
    .map(([bucket, count]) => `${bucket} ${count}`)
    .join(', ');
  out.info(
    `Sync finished in ${((Date.now() - started) / 1000).toFixed(1)} s: ${client.stats.requests} requests (${byBucket || 'none'}), ${client.stats.retries} retries, ${governor.stats.rateLimited} rate-limited answers, ${governor.stats.waits} rate-limit waits, peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
}
