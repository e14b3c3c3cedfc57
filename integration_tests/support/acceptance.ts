/**
 * The Airbyte-convention files of the connector (acceptance-test-config.yml and the fixtures in
 * integration_tests/ it names) and the fake Backlog space they describe.
 */
import fs from 'fs';
import path from 'path';
import yaml from 'js-yaml';
import type { FakeBacklogOptions } from '../fake-backlog';
import type { RunResult } from './connector';
import { canonical } from './protocol';
import { repoRoot } from './shared';

/** The fake space's clock: records and the `Date` header never depend on when a test runs. */
export const ACCEPTANCE_CLOCK = new Date('2025-07-01T00:00:00Z');

/**
 * The space the acceptance fixtures were generated from: every stream has records, and few
 * enough that expected_records.jsonl stays readable.
 */
export const ACCEPTANCE_SPACE: FakeBacklogOptions = {
  seed: 1,
  projects: 2,
  users: 3,
  issues: 4,
  commentsPerIssue: 1,
  wikisPerProject: 1,
  documentsPerProject: 1,
  repositoriesPerProject: 1,
  pullRequestsPerRepository: 1,
  commentsPerPullRequest: 1,
  teams: 1,
  sharedFilesPerDirectory: 1,
  sharedFileDepth: 1,
  now: () => ACCEPTANCE_CLOCK,
};

interface ConfigTest {
  config_path: string;
  status?: 'succeed' | 'failed' | 'exception';
}
interface ReadTest {
  config_path: string;
  configured_catalog_path: string;
  empty_streams?: Array<{ name: string; bypass_reason?: string }>;
  expect_records?: { path: string };
  future_state?: { future_state_path: string };
}

/** The parts of acceptance-test-config.yml the jest acceptance suite runs. */
export interface AcceptanceTestConfig {
  connector_image: string;
  acceptance_tests: {
    spec: { tests: ConfigTest[] };
    connection: { tests: ConfigTest[] };
    discovery: { tests: ConfigTest[] };
    basic_read: { tests: ReadTest[] };
    full_refresh: { tests: ReadTest[] };
    incremental: { tests: ReadTest[] };
  };
}

export function acceptanceTestConfig(): AcceptanceTestConfig {
  const file = path.join(repoRoot(), 'acceptance-test-config.yml');
  return yaml.load(fs.readFileSync(file, 'utf8')) as AcceptanceTestConfig;
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

/** Expected records missing from a run's records. */
export function missingExpectedRecords(result: RunResult, relativePath: string): string[] {
  const read = new Set(recordLines(result));
  return readExpectedRecords(relativePath)
    .map(({ stream, data }) => canonical({ stream, data }))
    .filter((line) => !read.has(line));
}
