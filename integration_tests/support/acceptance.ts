/**
 * The Airbyte-convention files of the connector (acceptance-test-config.yml and the fixtures in
 * integration_tests/ it names) and the fake Backlog space they describe.
 */
import fs from 'fs';
import path from 'path';
import yaml from 'js-yaml';
import type { FakeBacklogOptions } from '../fake-backlog';
import { GENEROUS_RATE_LIMITS, type CatalogEntry, type RunResult } from './connector';
import { canonical } from './protocol';
import { repoRoot } from './shared';

/** The fake space's clock: records and the `Date` header never depend on when a test runs. */
export const ACCEPTANCE_CLOCK = new Date('2025-07-01T00:00:00Z');

/**
 * The space the acceptance fixtures were generated from: every stream has records (two wiki pages
 * per project, since a project's first page has no tags and wiki_tags would be empty), and few
 * enough that expected_records.jsonl stays readable.
 *
 * Generous rate limits, as the other suites use: the suite's some 30 reads of this one space make
 * over 400 requests of the read bucket within a minute, more than the 300 that Backlog's 600 leave
 * sample_config.json's rate_limit_share of 0.5; the connector would rightly wait for the next
 * window, past jest's timeout. The rate-limit governor has its own tests (faults.test.ts).
 */
export const ACCEPTANCE_SPACE: FakeBacklogOptions = {
  seed: 1,
  projects: 2,
  users: 3,
  issues: 4,
  commentsPerIssue: 1,
  wikisPerProject: 2,
  documentsPerProject: 1,
  repositoriesPerProject: 1,
  pullRequestsPerRepository: 1,
  commentsPerPullRequest: 1,
  teams: 1,
  sharedFilesPerDirectory: 1,
  sharedFileDepth: 1,
  rateLimit: GENEROUS_RATE_LIMITS,
  now: () => ACCEPTANCE_CLOCK,
};

interface ConfigTest {
  config_path: string;
  status?: 'succeed' | 'failed' | 'exception';
  auth_default_method?: { oauth?: boolean; bypass_reason?: string };
}
interface ReadTest {
  config_path: string;
  /** Allowed on full_refresh and incremental; CAT's high strictness forbids it on basic_read. */
  configured_catalog_path?: string;
  empty_streams?: Array<{ name: string; bypass_reason?: string }>;
  expect_records?: { path: string };
  future_state?: {
    future_state_path: string;
    cursor_format?: { format?: string; streams?: Array<{ name: string; format?: string }> };
  };
}

/** The parts of acceptance-test-config.yml the jest acceptance suite runs. */
export interface AcceptanceTestConfig {
  connector_image: string;
  test_strictness_level?: 'high' | 'low';
  acceptance_tests: {
    spec: { tests: ConfigTest[] };
    connection: { tests: ConfigTest[] };
    discovery: { tests: ConfigTest[] };
    basic_read: { tests: ReadTest[] };
    full_refresh: { tests: ReadTest[] };
    incremental: { tests: ReadTest[] };
  };
}

/** acceptance-test-config.yml as written, for the rules check (acceptance-rules.ts). */
export function rawAcceptanceTestConfig(): unknown {
  const file = path.join(repoRoot(), 'acceptance-test-config.yml');
  return yaml.load(fs.readFileSync(file, 'utf8'));
}

export function acceptanceTestConfig(): AcceptanceTestConfig {
  return rawAcceptanceTestConfig() as AcceptanceTestConfig;
}

/** The files a config names, read from the repository (absent when there is no such file). */
export function repoFiles(relativePaths: string[]): Map<string, string> {
  return new Map(
    relativePaths.flatMap((relativePath) => {
      const file = path.join(repoRoot(), relativePath);
      return fs.existsSync(file) ? [[relativePath, fs.readFileSync(file, 'utf8')] as const] : [];
    }),
  );
}

/** A JSON file, by its path relative to the repository root (as the YAML names them). */
export function readRepoJson<T = unknown>(relativePath: string): T {
  return JSON.parse(fs.readFileSync(path.join(repoRoot(), relativePath), 'utf8')) as T;
}

export interface ExpectedRecord {
  stream: string;
  data: Record<string, unknown>;
  emitted_at: number;
}

export function readExpectedRecords(relativePath: string): ExpectedRecord[] {
  return fs
    .readFileSync(path.join(repoRoot(), relativePath), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ExpectedRecord);
}

/**
 * A config file whose `space_url` is a placeholder, pointed at a running fake server. The fake
 * listens on a free port chosen at start, so no address in a committed file could be right.
 */
export function configPointedAt(relativePath: string, url: string): Record<string, unknown> {
  return { ...readRepoJson<Record<string, unknown>>(relativePath), space_url: url };
}

/** The records a run emitted, as `{stream, data}` (what expected_records.jsonl compares). */
export function records(
  result: RunResult,
): Array<{ stream: string; data: Record<string, unknown> }> {
  return result.messages.flatMap((message) =>
    message.type === 'RECORD' && message.record
      ? [{ stream: message.record.stream, data: message.record.data }]
      : [],
  );
}

/** Records as sorted canonical lines, so two reads compare whatever their order. */
export function recordLines(result: RunResult): string[] {
  return records(result)
    .map((record) => canonical(record))
    .sort();
}

export interface ConfiguredStream {
  stream: CatalogEntry;
  sync_mode: string;
  destination_sync_mode: string;
  cursor_field?: string[];
  primary_key?: string[][];
}
export interface ConfiguredCatalog {
  streams: ConfiguredStream[];
}

/**
 * The catalog CAT reads when a test names none (always, for the basic read at high strictness):
 * every discovered stream but the empty ones, in its first supported sync mode, appended, with
 * its default cursor (utils/common.py build_configured_catalog_from_discovered_catalog_and_empty_streams).
 */
export function catalogFromDiscovery(
  discovered: CatalogEntry[],
  emptyStreams: string[] = [],
): ConfiguredCatalog {
  return {
    streams: discovered
      .filter((stream) => !emptyStreams.includes(stream.name))
      .map((stream) => ({
        stream,
        sync_mode: stream.supported_sync_modes[0],
        destination_sync_mode: 'append',
        cursor_field: stream.default_cursor_field,
        primary_key: stream.source_defined_primary_key,
      })),
  };
}

/**
 * The catalog of a full_refresh or incremental test, as CAT's configured_catalog fixture builds it
 * (conftest.py): its configured_catalog_path with the discovered streams in it, or the discovery.
 */
export function catalogOf(
  test: { configured_catalog_path?: string },
  discovered: CatalogEntry[],
): ConfiguredCatalog {
  if (!test.configured_catalog_path) return catalogFromDiscovery(discovered);
  const catalog = readRepoJson<ConfiguredCatalog>(test.configured_catalog_path);
  return {
    streams: catalog.streams.map((configured) => ({
      ...configured,
      stream: discovered.find((stream) => stream.name === configured.stream.name)!,
    })),
  };
}

/** Every stream that can, in `mode` (utils/common.py full_refresh_only_catalog, incremental_only_catalog). */
export function onlyInMode(
  catalog: ConfiguredCatalog,
  mode: 'full_refresh' | 'incremental',
): ConfiguredCatalog {
  return {
    streams: catalog.streams
      .filter((configured) => configured.stream.supported_sync_modes.includes(mode))
      .map((configured) => ({ ...configured, sync_mode: mode })),
  };
}
