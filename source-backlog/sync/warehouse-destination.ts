import type { AirbyteMessage, AirbyteTraceMessage, JsonObject } from '../protocol/messages';
import type { SyncObserver } from './observer';
import type { StreamLoader } from './stream-loader';
import { SyncError } from './sync-error';

export type ConnectorFailure = NonNullable<AirbyteTraceMessage['error']>;

/**
 * The destination side of a sync: takes the connector's messages in order, as Airbyte's platform
 * hands them to a destination. RECORDs are staged, each STATE commits its stream's records with
 * it, COMPLETE finishes a stream, INCOMPLETE drops what it staged since its last STATE, a rotated
 * config is saved, errors are kept for the report.
 */
export class WarehouseDestination {
  /** The connector's TRACE ERROR about the whole run (one naming no stream), if it sent one. */
  failure: ConnectorFailure | undefined;
  /** The TRACE ERROR of each stream that failed, in the order they failed. */
  readonly streamFailures = new Map<string, ConnectorFailure>();
  /** Time spent taking messages (typing, appending, committing): the loader's share of a sync. */
  busyMs = 0;

  constructor(
    private readonly loaders: Map<string, StreamLoader>,
    private readonly observer: SyncObserver,
    private readonly saveConfig: (config: JsonObject) => void,
  ) {}

  async accept(message: AirbyteMessage): Promise<void> {
    const started = performance.now();
    try {
      await this.route(message);
    } finally {
      this.busyMs += performance.now() - started;
    }
  }

  private async route(message: AirbyteMessage): Promise<void> {
    switch (message.type) {
      case 'RECORD': {
        const { stream, data, emitted_at } = message.record;
        await this.loaderOf(stream).append(data, emitted_at);
        this.observer.recordLoaded(stream);
        return;
      }
      case 'STATE': {
        const { state } = message;
        const name = state.stream?.stream_descriptor.name;
        if (state.type !== 'STREAM' || name === undefined) {
          throw new SyncError(
            `The connector sent a ${state.type ?? 'LEGACY'} state; only per-stream state is supported`,
            'This is a connector bug: report it with this message.',
          );
        }
        await this.loaderOf(name).checkpoint(
          state.stream?.stream_state ?? {},
          state.sourceStats?.recordCount,
        );
        return;
      }
      case 'TRACE':
        return this.acceptTrace(message.trace);
      case 'LOG':
        this.observer.connectorLog(message.log.level, message.log.message);
        return;
      case 'CONTROL':
        // An OAuth refresh token was rotated: the old one may be dead by the next sync.
        this.saveConfig(message.control.connectorConfig.config);
        return;
      default:
        return;
    }
  }

  private async acceptTrace(trace: AirbyteTraceMessage): Promise<void> {
    if (trace.type === 'ERROR' && trace.error) {
      const stream = trace.error.stream_descriptor?.name;
      if (stream === undefined) this.failure ??= trace.error;
      else this.streamFailures.set(stream, trace.error);
      return;
    }
    const status = trace.stream_status;
    if (trace.type !== 'STREAM_STATUS' || !status) return;
    const name = status.stream_descriptor.name;
    if (status.status === 'STARTED') this.observer.streamStarted(name);
    if (status.status === 'COMPLETE') {
      await this.loaderOf(name).complete();
      this.observer.streamFinished(name, 'COMPLETE');
    }
    if (status.status === 'INCOMPLETE') {
      // The other streams go on: what this one staged since its last STATE is dropped now.
      await this.loaderOf(name).dispose();
      this.observer.streamFinished(name, 'INCOMPLETE', this.streamFailures.get(name)?.message);
    }
  }

  private loaderOf(stream: string): StreamLoader {
    const loader = this.loaders.get(stream);
    if (!loader) {
      throw new SyncError(
        `The connector sent data for stream "${stream}", which this sync did not ask for`,
        'This is a connector bug: report it with this message.',
      );
    }
    return loader;
  }
}
