/**
 * Runs the built connector CLI (`dist/source-backlog/main.js read`, like the integration tests)
 * with config, catalog and state written to temp files, and collects what a benchmark needs:
 * records per stream, the last STATE of each stream, the "Sync finished" summary, errors.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../../integration_tests/support/connector';
import { runChild, type ChildResult } from './child';

export const CONNECTOR_RECORD_PREFIX = '{"type":"RECORD","record":{"stream":"';

/** The connector's last LOG line: "Sync finished in … s: N requests (…), … peak memory X MB". */
export interface SyncSummary {
  text: string;
  requests: number;
  retries: number;
  rateLimited: number;
  rateLimitWaits: number;
  peakMemoryMb: number;
}

export interface ConnectorRun extends ChildResult {
  /** The last STATE of each stream, without sourceStats, as the platform would pass it on. */
  states: Map<string, unknown>;
  summary?: SyncSummary;
  /** TRACE ERROR messages and ERROR/FATAL logs. */
  errors: string[];
  /** Parsed records of the streams asked for in `parseStreams`. */
  parsedRecords: Map<string, Array<Record<string, unknown>>>;
}

export interface ReadInputs {
  config: unknown;
  catalog: unknown;
  state?: unknown;
  /** Streams whose records are parsed and kept (small syncs only). */
  parseStreams?: string[];
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
}

export async function runRead(inputs: ReadInputs): Promise<ConnectorRun> {
  const dir = mkdtempSync(join(tmpdir(), 'source-backlog-bench-'));
  const args = [CLI, 'read'];
  for (const name of ['config', 'catalog', 'state'] as const) {
    if (inputs[name] === undefined) continue;
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(inputs[name]));
    args.push(`--${name}`, file);
  }
  const states = new Map<string, unknown>();
  const errors: string[] = [];
  const parsedRecords = new Map<string, Array<Record<string, unknown>>>();
  let summary: SyncSummary | undefined;
  try {
    const result = await runChild({
      command: process.execPath,
      args,
      // Production settings (retry backoff included); INFO so the summary line is printed.
      env: { ...process.env, LOG_LEVEL: 'INFO' },
      recordPrefix: CONNECTOR_RECORD_PREFIX,
      parseStreams: inputs.parseStreams,
      onRecord: (stream, message) => {
        const data = (message as { record: { data: Record<string, unknown> } }).record.data;
        const list = parsedRecords.get(stream) ?? [];
        list.push(data);
        parsedRecords.set(stream, list);
      },
      onOtherLine: (line) => {
        const message = JSON.parse(line) as OtherMessage;
        if (message.type === 'STATE' && message.state?.stream) {
          const { sourceStats: _ignored, ...state } = message.state;
          states.set(message.state.stream.stream_descriptor.name, state);
        } else if (message.type === 'LOG' && message.log) {
          const parsed = parseSummary(message.log.message);
          if (parsed) summary = parsed;
          if (message.log.level === 'ERROR' || message.log.level === 'FATAL') {
            errors.push(message.log.message);
          }
        } else if (message.type === 'TRACE' && message.trace?.type === 'ERROR') {
          errors.push(message.trace.error?.message ?? 'TRACE ERROR without a message');
        }
      },
    });
    return { ...result, states, summary, errors, parsedRecords };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fails with the connector's own words when a run did not succeed. */
export function assertSucceeded(run: ConnectorRun, what: string): void {
  if (run.exitCode === 0 && run.errors.length === 0) return;
  throw new Error(
    `${what}: connector exited ${run.exitCode ?? run.signal}: ${run.errors.join(' | ') || run.stderr.slice(-2000)}`,
  );
}

/** The states in the shape `--state` takes (what support/connector.ts finalState builds). */
export function stateArray(run: ConnectorRun): unknown[] {
  return [...run.states.values()];
}

export function parseSummary(message: string): SyncSummary | undefined {
  const match =
    /^Sync finished in [\d.]+ s: (\d+) requests? \([^)]*\), (\d+) retries, (\d+) rate-limited answers, (\d+) rate-limit waits, peak memory (\d+) MB/.exec(
      message,
    );
  if (!match) return undefined;
  return {
    text: message,
    requests: Number(match[1]),
    retries: Number(match[2]),
    rateLimited: Number(match[3]),
    rateLimitWaits: Number(match[4]),
    peakMemoryMb: Number(match[5]),
  };
}

interface OtherMessage {
  type: string;
  state?: {
    stream?: { stream_descriptor: { name: string } };
    sourceStats?: unknown;
    [field: string]: unknown;
  };
  log?: { level: string; message: string };
  trace?: { type: string; error?: { message?: string } };
}
