import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { AirbyteStream, ConfiguredAirbyteCatalog, JsonObject } from '../protocol/messages';
import { saveRotatedConfig } from './config-file';
import { startConnector, type ConnectorExit } from './connector-process';
import { configuredCatalogFor } from './configured-catalog';
import type { DeletionMode } from './merge-sql';
import { SyncProgress } from './progress';
import { ensureStateTable, forgetState, readStates, stateMessages } from './state-table';
import { StreamLoader } from './stream-loader';
import type { SyncReport } from './summary-table';
import { SyncError } from './sync-error';
import { layoutOf, LayoutError, type TableLayout } from './table-layout';
import { refreshViews } from './views-ddl';
import { Warehouse } from './warehouse';
import { WarehouseDestination, type ConnectorFailure } from './warehouse-destination';

export interface SyncOptions {
  configPath: string;
  dbPath: string;
  /** Stream names; all when undefined. */
  streams?: string[];
  deletions: DeletionMode;
}

export interface SyncOutput {
  stderr: Writable;
  /** Draw live progress lines (stderr is a terminal). */
  live: boolean;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

function resumeHint(options: SyncOptions): string {
  return `it resumes from the last checkpoint saved in ${options.dbPath}`;
}

/** What to do about a failure of the connector's kind `failureType`. */
function hintFor(failureType: ConnectorFailure['failure_type'], options: SyncOptions): string {
  switch (failureType) {
    case 'config_error':
      return `Fix ${options.configPath} (or what the message names in Backlog) and run sync again.`;
    case 'transient_error':
      return `Run the same sync again later: ${resumeHint(options)}.`;
    default:
      return `Run the same sync again (${resumeHint(options)}); if it fails the same way, report it with this message.`;
  }
}

function connectorFailure(
  failure: ConnectorFailure | undefined,
  exit: ConnectorExit,
  options: SyncOptions,
): SyncError {
  if (!failure) {
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.exitCode}`;
    const said = firstLine(exit.stderrTail.split('\n').filter(Boolean).pop() ?? '');
    return new SyncError(
      `The connector stopped unexpectedly (${how})${said ? `: ${said}` : ''}`,
      `Run the same sync again: ${resumeHint(options)}.`,
    );
  }
  return new SyncError(firstLine(failure.message), hintFor(failure.failure_type, options));
}

/**
 * How a read ended, when not with every stream complete: the streams that failed (the others
 * were loaded and committed), or what stopped the connector. The hint follows the connector's
 * closing error, which is retryable unless every failure needs a fix first.
 */
function readFailure(
  destination: WarehouseDestination,
  exit: ConnectorExit,
  options: SyncOptions,
): SyncError | undefined {
  const failed = [...destination.streamFailures];
  if (failed.length === 0) {
    if (exit.exitCode === 0 && !destination.failure) return undefined;
    return connectorFailure(destination.failure, exit, options);
  }
  const [[stream, first]] = failed;
  const message =
    failed.length === 1
      ? `Stream "${stream}" failed: ${firstLine(first.message)}`
      : `${failed.length} streams failed (${failed.map(([name]) => name).join(', ')}); their errors are in the summary`;
  return new SyncError(message, hintFor((destination.failure ?? first).failure_type, options));
}

async function discover(options: SyncOptions): Promise<AirbyteStream[]> {
  const connector = startConnector(['discover', '--config', options.configPath]);
  let streams: AirbyteStream[] | undefined;
  let failure: ConnectorFailure | undefined;
  for await (const message of connector.messages) {
    if (message.type === 'CATALOG') streams = message.catalog.streams;
    if (message.type === 'TRACE' && message.trace.error) failure ??= message.trace.error;
  }
  const exit = await connector.exited;
  if (!streams || failure || exit.exitCode !== 0) throw connectorFailure(failure, exit, options);
  return streams;
}

function layoutsOf(catalog: ConfiguredAirbyteCatalog): TableLayout[] {
  try {
    return catalog.streams.map(layoutOf);
  } catch (error) {
    if (!(error instanceof LayoutError)) throw error;
    throw new SyncError(error.message, 'This is a connector bug: report it with this message.');
  }
}

/**
 * The saved states of the dedup streams. A table dropped since its state was saved is read in
 * full again: an incremental read would fill it with the latest changes only.
 */
async function resumableStates(
  warehouse: Warehouse,
  layouts: TableLayout[],
  progress: SyncProgress,
): Promise<Map<string, JsonObject>> {
  const saved = await readStates(warehouse);
  const states = new Map<string, JsonObject>();
  for (const layout of layouts) {
    const state = saved.get(layout.stream);
    if (layout.mode !== 'append_dedup' || !state) continue;
    if (await warehouse.tableExists(layout.table)) {
      states.set(layout.stream, state);
    } else {
      await forgetState(warehouse, layout.stream);
      progress.notice(
        `Table "${layout.table}" is gone: reading stream "${layout.stream}" in full.`,
      );
    }
  }
  return states;
}

/**
 * Runs `read` with the configured catalog and states, handing each message to the destination;
 * resolves to what went wrong, if anything did.
 */
async function readInto(
  destination: WarehouseDestination,
  catalog: ConfiguredAirbyteCatalog,
  states: Map<string, JsonObject>,
  options: SyncOptions,
): Promise<SyncError | undefined> {
  const workDir = mkdtempSync(join(tmpdir(), 'source-backlog-sync-'));
  try {
    const catalogPath = join(workDir, 'catalog.json');
    const statePath = join(workDir, 'state.json');
    writeFileSync(catalogPath, JSON.stringify(catalog));
    writeFileSync(statePath, JSON.stringify(stateMessages(states)));
    const connector = startConnector([
      'read',
      '--config',
      options.configPath,
      '--catalog',
      catalogPath,
      '--state',
      statePath,
    ]);
    try {
      for await (const message of connector.messages) await destination.accept(message);
    } catch (error) {
      connector.stop();
      await connector.exited.catch(() => undefined);
      throw error;
    }
    return readFailure(destination, await connector.exited, options);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * One sync: discover, then `read` with the configured catalog and the states kept in DuckDB,
 * loading the connector's messages as they arrive. Stopping at any point loses nothing: each
 * stream's data is committed with the state that covers it, and the next sync starts there. A
 * stream that fails stops nothing else: the report says which failed, the others are loaded.
 */
export async function runSync(options: SyncOptions, output: SyncOutput): Promise<SyncReport> {
  const started = performance.now();
  // Discover checks the config before the DuckDB file is created or touched.
  const catalog = configuredCatalogFor(await discover(options), options.streams);
  const layouts = layoutsOf(catalog);
  const progress = new SyncProgress(
    layouts.map((layout) => layout.stream),
    output.stderr,
    output.live,
  );
  const warehouse = await Warehouse.open(options.dbPath);
  const loaders = new Map<string, StreamLoader>();
  try {
    await ensureStateTable(warehouse);
    const states = await resumableStates(warehouse, layouts, progress);
    for (const layout of layouts) {
      const loader = new StreamLoader(warehouse, layout, options.deletions);
      await loader.prepare();
      loaders.set(layout.stream, loader);
    }
    const destination = new WarehouseDestination(loaders, progress, (config) =>
      saveRotatedConfig(options.configPath, config),
    );
    const failure = await readInto(destination, catalog, states, options);
    // Also after a failed stream: the others were committed and their views should see them.
    await refreshViews(warehouse);
    return {
      dbPath: options.dbPath,
      streams: progress.streams,
      seconds: (performance.now() - started) / 1000,
      loadingSeconds: destination.busyMs / 1000,
      failure,
    };
  } finally {
    for (const loader of loaders.values()) await loader.dispose().catch(() => undefined);
    warehouse.close();
  }
}
