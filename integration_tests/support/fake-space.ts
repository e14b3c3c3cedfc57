import { FakeBacklog } from '../fake-backlog';
import type { FakeBacklogOptions } from '../fake-backlog/types';
import {
  configFor,
  GENEROUS_RATE_LIMITS,
  runConnector,
  type RunOptions,
  type RunResult,
} from './connector';
import { withFakeBacklog } from './with-fake-backlog';

/** Unless `options` sets its own, the rate limits are generous: the test is about data. */
function generous(options: FakeBacklogOptions): FakeBacklogOptions {
  return { rateLimit: GENEROUS_RATE_LIMITS, ...options };
}

/** A fake Backlog server started with `options`, rate limits generous unless they say. */
export function startFakeSpace(options: FakeBacklogOptions): Promise<FakeBacklog> {
  return FakeBacklog.start(generous(options));
}

/** Runs `body` against startFakeSpace(options), stopped whatever happens. */
export function withFakeSpace<T>(
  options: FakeBacklogOptions,
  body: (server: FakeBacklog) => Promise<T>,
): Promise<T> {
  return withFakeBacklog(generous(options), body);
}

export interface SyncInputs {
  /** Fields over configFor's test config. */
  config?: Record<string, unknown>;
  /** The state a previous sync left (none: a first sync). */
  state?: unknown;
}

/** One `read` of `catalog` against `server`, as the platform runs a sync. */
export function readSync(
  server: { url: string },
  catalog: unknown,
  inputs: SyncInputs = {},
  options?: RunOptions,
): Promise<RunResult> {
  const config = configFor(server.url, inputs.config);
  return runConnector('read', { config, catalog, state: inputs.state }, options);
}
