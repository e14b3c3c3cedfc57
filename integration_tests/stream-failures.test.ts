import type { FakeBacklog } from './fake-backlog';
import {
  configuredCatalog,
  discoverCatalog,
  protocolProblems,
  recordsOf,
  type RunResult,
} from './support/connector';
import { readSync, startFakeSpace } from './support/fake-space';
import { misplacedStackTraces } from './support/stack-traces';
import { ALL, keyOf, serverData, type Row } from './support/server-data';

/** `stream:STATUS` for every STREAM_STATUS, in order. */
function statuses(result: RunResult): string[] {
  return result.messages
    .filter((m) => m.trace?.type === 'STREAM_STATUS')
    .map(
      (m) => `${m.trace!.stream_status!.stream_descriptor.name}:${m.trace!.stream_status!.status}`,
    );
}

function errorTraces(result: RunResult) {
  return result.messages.filter((m) => m.trace?.type === 'ERROR').map((m) => m.trace!.error!);
}

function keys(stream: string, rows: Row[]): string[] {
  return rows.map((row) => keyOf(stream, row)).sort();
}

describe('a stream that fails on every request', () => {
  let server: FakeBacklog;
  let result: RunResult;
  let expected: Record<string, Row[]>;
  const others = ALL.filter((stream) => stream !== 'categories');

  beforeAll(async () => {
    server = await startFakeSpace({
      projects: 2,
      issues: 20,
      wikisPerProject: 2,
      documentsPerProject: 2,
      pullRequestsPerRepository: 2,
      commentsPerPullRequest: 1,
      teams: 2,
    });
    const catalog = await configuredCatalog(server.url, ALL);
    // Every try of every project's categories answers 500 or 503; retries are fast in tests.
    server.injectFault({
      kind: '5xx',
      times: 100_000,
      match: (path) => /^\/api\/v2\/projects\/[^/]+\/categories$/.test(path),
    });
    result = await readSync(server, catalog);
    server.clearFaults();
    expected = serverData(server);
  });
  afterAll(() => server.stop());

  it('fails only itself: INCOMPLETE after its own ERROR trace; every other stream COMPLETE', () => {
    const ended = statuses(result).filter((status) => !/:(STARTED|RUNNING)$/.test(status));
    expect(ended).toEqual(
      ALL.map((stream) => `${stream}:${stream === 'categories' ? 'INCOMPLETE' : 'COMPLETE'}`),
    );
    const traceAt = result.messages.findIndex(
      (m) => m.trace?.error?.stream_descriptor?.name === 'categories',
    );
    expect(result.messages[traceAt + 1].trace?.stream_status).toMatchObject({
      stream_descriptor: { name: 'categories' },
      status: 'INCOMPLETE',
    });
    expect(result.messages[traceAt].trace!.error).toMatchObject({
      failure_type: 'transient_error',
      message: expect.stringMatching(/\/categories.* successfully after 7 attempts/),
    });
    expect(recordsOf(result, 'categories')).toEqual([]);
  });

  it.each(others)('%s: every record of the server, each once', (stream) => {
    expect(expected[stream].length).toBeGreaterThan(0);
    expect(keys(stream, recordsOf(result, stream))).toEqual(keys(stream, expected[stream]));
  });

  it('exits non-zero with a closing error that names the stream and is still retried', async () => {
    expect(result.exitCode).toBe(1);
    expect(result.signal).toBeNull();
    const traces = errorTraces(result);
    expect(traces).toHaveLength(2);
    const closing = traces[1];
    expect(result.messages[result.messages.length - 1].trace?.error).toBe(closing);
    expect(closing.stream_descriptor).toBeUndefined();
    // A config_error first would stop the platform's retries: a 500 must not end as one.
    expect(closing.failure_type).toBe('transient_error');
    expect(closing.message).toMatch(
      /^During the sync, the following streams did not sync successfully: categories \(/,
    );
    expect(misplacedStackTraces(result)).toEqual([]);
  });

  it('keeps the protocol: each completed stream ends with a STATE of its own', async () => {
    expect(await protocolProblems(server.url, result, ALL)).toEqual([]);
  });
});

describe('a failure no stream can get past stops the read at once', () => {
  let server: FakeBacklog;
  beforeAll(async () => {
    server = await startFakeSpace({ issues: 5 });
    await discoverCatalog(server.url);
  });
  afterAll(() => server.stop());

  it('credentials Backlog rejects: one config_error, one request, no other stream started', async () => {
    const catalog = await configuredCatalog(server.url, ALL);
    server.resetRequestLog();
    const result = await readSync(server, catalog, {
      config: { credentials: { auth_type: 'api_key', api_key: 'bad-key' } },
    });
    expect(result.exitCode).toBe(1);
    expect(statuses(result)).toEqual(['space:STARTED', 'space:INCOMPLETE']);
    expect(errorTraces(result)).toEqual([
      expect.objectContaining({
        failure_type: 'config_error',
        message: expect.stringMatching(/Backlog rejected the API key/),
      }),
    ]);
    expect(server.requests.map((request) => request.path)).toEqual(['/api/v2/space']);
    expect(await protocolProblems(server.url, result, ALL)).toEqual([]);
    expect(misplacedStackTraces(result)).toEqual([]);
  });
});

describe('a configured stream this version does not have', () => {
  let server: FakeBacklog;
  beforeAll(async () => {
    server = await startFakeSpace({ issues: 5 });
  });
  afterAll(() => server.stop());

  it('is skipped with a warning and INCOMPLETE; the others complete; exit 0', async () => {
    const catalog = await configuredCatalog(server.url, ['space', 'issues', 'issue_comments']);
    const retired = JSON.parse(JSON.stringify(catalog.streams[1]));
    retired.stream.name = 'issue_watchers_old';
    catalog.streams.splice(1, 0, retired);
    const result = await readSync(server, catalog);

    expect(result.exitCode).toBe(0);
    expect(errorTraces(result)).toEqual([]);
    const ended = statuses(result).filter((status) => !/:(STARTED|RUNNING)$/.test(status));
    expect(ended).toEqual([
      'issue_watchers_old:INCOMPLETE',
      'space:COMPLETE',
      'issues:COMPLETE',
      'issue_comments:COMPLETE',
    ]);
    expect(statuses(result)).not.toContain('issue_watchers_old:STARTED');
    const warnings = result.messages.filter((m) => m.log?.level === 'WARN');
    expect(warnings.map((m) => m.log!.message)).toEqual([
      expect.stringMatching(/"issue_watchers_old".*does not have it.*Refresh the source schema/),
    ]);
    const data = serverData(server);
    for (const stream of ['space', 'issues', 'issue_comments']) {
      expect(keys(stream, recordsOf(result, stream))).toEqual(keys(stream, data[stream]));
    }
    expect(
      await protocolProblems(server.url, result, [
        'issue_watchers_old',
        'space',
        'issues',
        'issue_comments',
      ]),
    ).toEqual([]);
  });

  it('still refuses a stream named twice', async () => {
    const catalog = await configuredCatalog(server.url, ['space', 'space']);
    const result = await readSync(server, catalog);
    expect(result.exitCode).toBe(1);
    expect(errorTraces(result)).toEqual([
      expect.objectContaining({
        failure_type: 'config_error',
        message: expect.stringMatching(/names stream "space" twice/),
      }),
    ]);
  });
});
