/** Typed subset of the Airbyte protocol (airbyte_protocol.yaml v0) that a source emits and reads. */

export type JsonObject = Record<string, unknown>;

export type SyncMode = 'full_refresh' | 'incremental';
export type DestinationSyncMode =
  'append' | 'overwrite' | 'append_dedup' | 'update' | 'soft_delete';
export type FailureType = 'system_error' | 'config_error' | 'transient_error';
export type LogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';
export type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';

export interface StreamDescriptor {
  name: string;
  namespace?: string;
}

export interface AirbyteStream {
  name: string;
  json_schema: JsonObject;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  is_resumable?: boolean;
}

export interface AirbyteCatalog {
  streams: AirbyteStream[];
}

export interface ConfiguredAirbyteStream {
  stream: AirbyteStream;
  sync_mode: SyncMode;
  destination_sync_mode: DestinationSyncMode;
  cursor_field?: string[];
  primary_key?: string[][];
}

export interface ConfiguredAirbyteCatalog {
  streams: ConfiguredAirbyteStream[];
}

export interface ConnectorSpecification {
  documentationUrl?: string;
  changelogUrl?: string;
  connectionSpecification: JsonObject;
  supportsIncremental?: boolean;
  protocol_version?: string;
  advanced_auth?: JsonObject;
}

export interface AirbyteStreamState {
  stream_descriptor: StreamDescriptor;
  stream_state?: JsonObject;
}

export interface AirbyteStateMessage {
  type?: 'STREAM' | 'GLOBAL' | 'LEGACY';
  stream?: AirbyteStreamState;
  sourceStats?: { recordCount?: number };
  data?: unknown;
  global?: unknown;
}

export interface AirbyteTraceMessage {
  type: 'ERROR' | 'STREAM_STATUS' | 'ESTIMATE' | 'ANALYTICS';
  emitted_at: number;
  error?: {
    message: string;
    internal_message?: string;
    stack_trace?: string;
    failure_type?: FailureType;
    stream_descriptor?: StreamDescriptor;
  };
  stream_status?: {
    stream_descriptor: StreamDescriptor;
    status: StreamStatus;
  };
}

export type AirbyteMessage =
  | { type: 'SPEC'; spec: ConnectorSpecification }
  | {
      type: 'CONNECTION_STATUS';
      connectionStatus: { status: 'SUCCEEDED' | 'FAILED'; message?: string };
    }
  | { type: 'CATALOG'; catalog: AirbyteCatalog }
  | { type: 'RECORD'; record: { stream: string; data: JsonObject; emitted_at: number } }
  | { type: 'STATE'; state: AirbyteStateMessage }
  | { type: 'LOG'; log: { level: LogLevel; message: string } }
  | { type: 'TRACE'; trace: AirbyteTraceMessage }
  | {
      type: 'CONTROL';
      control: {
        type: 'CONNECTOR_CONFIG';
        emitted_at: number;
        connectorConfig: { config: JsonObject };
      };
    };
