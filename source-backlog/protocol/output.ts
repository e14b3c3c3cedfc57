import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ConnectorError } from './failures';
import type { AirbyteMessage, JsonObject, LogLevel, StreamStatus } from './messages';
import { Redactor } from './redaction';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const LEVEL_ORDER: Record<LogLevel, number> = {
  TRACE: 0,
  DEBUG: 1,
  INFO: 2,
  WARN: 3,
  ERROR: 4,
  FATAL: 5,
};

/**
 * The only way anything reaches stdout: one Airbyte message per line. Honours back-pressure so a
 * slow reader (the platform, a pipe) never makes the process buffer a whole stream in memory.
 */
export class MessageWriter implements Logger {
  private pendingDrain: Promise<unknown> | undefined;

  constructor(
    private readonly out: Writable,
    readonly redactor: Redactor = new Redactor(),
    private readonly minLevel: LogLevel = 'INFO',
  ) {}

  write(message: AirbyteMessage): void {
    const line = JSON.stringify(message) + '\n';
    if (!this.out.write(line) && !this.pendingDrain) {
      this.pendingDrain = once(this.out, 'drain').finally(() => (this.pendingDrain = undefined));
    }
  }

  /** Resolves once stdout can take more; awaited between records. */
  async ready(): Promise<void> {
    if (this.pendingDrain) await this.pendingDrain;
  }

  async flush(): Promise<void> {
    await this.ready();
    await new Promise<void>((resolve) => this.out.write('', () => resolve()));
  }

  record(stream: string, data: JsonObject): void {
    this.write({ type: 'RECORD', record: { stream, data, emitted_at: Date.now() } });
  }

  state(stream: string, streamState: JsonObject, recordCount: number): void {
    this.write({
      type: 'STATE',
      state: {
        type: 'STREAM',
        stream: { stream_descriptor: { name: stream }, stream_state: streamState },
        sourceStats: { recordCount },
      },
    });
  }

  streamStatus(stream: string, status: StreamStatus): void {
    this.write({
      type: 'TRACE',
      trace: {
        type: 'STREAM_STATUS',
        emitted_at: Date.now(),
        stream_status: { stream_descriptor: { name: stream }, status },
      },
    });
  }

  traceError(error: ConnectorError, stream?: string): void {
    this.write({
      type: 'TRACE',
      trace: {
        type: 'ERROR',
        emitted_at: Date.now(),
        error: {
          message: this.redactor.redact(error.message),
          internal_message: this.redactor.redact(error.internalMessage ?? error.message),
          // Bad input is explained by the message; a stack would only help debug our own code.
          ...(error.failureType === 'config_error'
            ? {}
            : { stack_trace: this.redactor.redact(error.stack ?? '') }),
          failure_type: error.failureType,
          ...(stream ? { stream_descriptor: { name: stream } } : {}),
        },
      },
    });
  }

  /** The one message allowed to carry a secret: the platform stores the rotated config. */
  configUpdate(config: JsonObject): void {
    this.write({
      type: 'CONTROL',
      control: { type: 'CONNECTOR_CONFIG', emitted_at: Date.now(), connectorConfig: { config } },
    });
  }

  log(level: LogLevel, message: string): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.minLevel]) return;
    this.write({ type: 'LOG', log: { level, message: this.redactor.redact(message) } });
  }

  debug(message: string): void {
    this.log('DEBUG', message);
  }
  info(message: string): void {
    this.log('INFO', message);
  }
  warn(message: string): void {
    this.log('WARN', message);
  }
  error(message: string): void {
    this.log('ERROR', message);
  }
}
