import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStdoutLines, checkProtocolInvariants } from './protocol';
import { repoRoot, sharedDir } from './shared';

/** Loose view of an Airbyte message for assertions. */
export interface Message {
  type: string;
  record?: { stream: string; data: Record<string, unknown>; emitted_at: number };
  state?: {
    type?: string;
    stream?: { stream_descriptor: { name: string }; stream_state?: Record<string, unknown> };
    sourceStats?: { recordCount?: number };
  };
  log?: { level: string; message: string };
  trace?: {
    type: string;
    error?: { message: string; failure_type?: string; stream_descriptor?: { name: string } };
    stream_status?: { stream_descriptor: { name: string }; status: string };
  };
  connectionStatus?: { status: string; message?: string };
  catalog?: { streams: Array<Record<string, unknown>> };
  spec?: Record<string, unknown>;
  control?: { connectorConfig: { config: Record<string, unknown> } };
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  messages: Message[];
}

export const CLI = join(repoRoot(), 'dist', 'source-backlog', 'main.js');

/** Environment for connector runs: fast retries so fault tests take seconds, not minutes. */
const TEST_ENV = { ...process.env, SOURCE_BACKLOG_RETRY_BASE_MS: '20', LOG_LEVEL: 'INFO' };

export interface RunOptions {
  /** Kill the connector (SIGKILL) once this returns true for the output so far. */
  killWhen?: (stdoutSoFar: string) => boolean;
}

/**
 * Writes each input as `<name>.json` in `dir` and returns the matching `--name path` arguments,
 * with the paths as the connector sees that folder (`visibleDir`, e.g. a container mount).
 */
export function writeInputs(
  inputs: { config?: unknown; catalog?: unknown; state?: unknown },
  dir: string,
  visibleDir = dir,
): string[] {
  const args: string[] = [];
  for (const [name, value] of Object.entries(inputs)) {
    if (value === undefined) continue;
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(value));
    args.push(`--${name}`, `${visibleDir}/${name}.json`);
  }
  return args;
}

/** Runs a connector process to its end and parses what it printed. */
export async function runProcess(
  executable: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: RunOptions = {},
): Promise<RunResult> {
  const child = spawn(executable, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (options.killWhen && !child.killed && options.killWhen(stdout)) child.kill('SIGKILL');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  // A killed run may leave half a line: only complete lines are messages.
  const complete = signal ? stdout.slice(0, stdout.lastIndexOf('\n') + 1) : stdout;
  return { exitCode, signal, stdout, stderr, messages: parseStdoutLines(complete) as Message[] };
}

/** Runs the built CLI (the bin the Docker image uses) with JSON inputs written to temp files. */
export async function runConnector(
  command: 'spec' | 'check' | 'discover' | 'read',
  inputs: { config?: unknown; catalog?: unknown; state?: unknown } = {},
  options: RunOptions = {},
): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'source-backlog-test-'));
  const args = [CLI, command, ...writeInputs(inputs, dir)];
  return runProcess(process.execPath, args, TEST_ENV, options);
}

export function configFor(url: string, overrides: Record<string, unknown> = {}) {
  return {
    space_url: url,
    credentials: { auth_type: 'api_key', api_key: 'test-api-key' },
    ...overrides,
  };
}

export interface CatalogEntry {
  name: string;
  json_schema: Record<string, unknown>;
  supported_sync_modes: string[];
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
}

let discovered: CatalogEntry[] | undefined;

/** The discovered catalog (run once per test file). */
export async function discoverCatalog(url: string): Promise<CatalogEntry[]> {
  if (!discovered) {
    const result = await runConnector('discover', { config: configFor(url) });
    const catalog = result.messages.find((message) => message.type === 'CATALOG');
    if (!catalog?.catalog) throw new Error(`discover printed no catalog:\n${result.stdout}`);
    discovered = catalog.catalog.streams as unknown as CatalogEntry[];
  }
  return discovered;
}

/** A configured catalog for `streams`, incremental where the stream supports it unless told. */
export async function configuredCatalog(
  url: string,
  streams: string[],
  mode: 'incremental' | 'full_refresh' = 'incremental',
) {
  const all = await discoverCatalog(url);
  return {
    streams: streams.map((name) => {
      const stream = all.find((entry) => entry.name === name);
      if (!stream) throw new Error(`no stream ${name}`);
      const incremental =
        mode === 'incremental' && stream.supported_sync_modes.includes('incremental');
      return {
        stream,
        sync_mode: incremental ? 'incremental' : 'full_refresh',
        destination_sync_mode: incremental ? 'append_dedup' : 'overwrite',
        ...(incremental ? { cursor_field: stream.default_cursor_field } : {}),
        primary_key: stream.source_defined_primary_key,
      };
    }),
  };
}

export function recordsOf(result: RunResult, stream: string): Array<Record<string, unknown>> {
  return result.messages
    .filter((message) => message.type === 'RECORD' && message.record?.stream === stream)
    .map((message) => message.record!.data);
}

/** The last STATE of each stream, as the platform would pass it to the next sync. */
export function finalState(result: RunResult, previous: unknown[] = []): unknown[] {
  const byStream = new Map<string, unknown>();
  for (const entry of previous as Array<{ stream: { stream_descriptor: { name: string } } }>) {
    byStream.set(entry.stream.stream_descriptor.name, entry);
  }
  for (const message of result.messages) {
    if (message.type === 'STATE' && message.state?.stream) {
      const { sourceStats: _ignored, ...state } = message.state;
      byStream.set(message.state.stream.stream_descriptor.name, state);
    }
  }
  return [...byStream.values()];
}

export function errorTrace(result: RunResult) {
  return result.messages.find(
    (message) => message.type === 'TRACE' && message.trace?.type === 'ERROR',
  )?.trace?.error;
}

let schemaSkipNoted = false;

/**
 * Without ../shared (a user's clone) the messages cannot be checked against the official schema:
 * said once, never passed silently. CI always has ../shared: there its absence fails the run.
 */
function noteSchemaValidationSkipped(): void {
  if (process.env.CI === 'true') {
    throw new Error('../shared is absent: the protocol schema checks cannot run under CI');
  }
  if (schemaSkipNoted) return;
  schemaSkipNoted = true;
  // eslint-disable-next-line no-console
  console.log('protocol schema validation skipped: ../shared is absent (invariants still run)');
}

/**
 * Every message valid against the official protocol schema, plus the invariants the schema is too
 * lax for. Without ../shared (a user's clone) only the invariants, which need no schema file, run.
 */
export async function protocolProblems(
  url: string,
  result: RunResult,
  configuredStreams?: string[],
): Promise<string[]> {
  const validateSchema = sharedDir() !== null;
  if (!validateSchema) noteSchemaValidationSkipped();
  const catalog = await discoverCatalog(url);
  return checkProtocolInvariants(result.messages, {
    validateSchema,
    configuredStreams,
    streamSchemas: Object.fromEntries(catalog.map((stream) => [stream.name, stream.json_schema])),
    primaryKeys: Object.fromEntries(
      catalog.map((stream) => [stream.name, stream.source_defined_primary_key ?? []]),
    ),
    cursorFields: Object.fromEntries(
      catalog
        .filter((stream) => stream.default_cursor_field)
        .map((stream) => [stream.name, stream.default_cursor_field!]),
    ),
  });
}

/** Fake-server budgets high enough that a test is about data, not pacing. */
export const GENEROUS_RATE_LIMITS = { limits: { read: 100_000, search: 10_000 } };

export function sortedIds(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The `id`s of records, ascending. */
export function idsOf(records: Array<{ id?: unknown }>): number[] {
  return sortedIds(records.map((record) => record.id as number));
}
