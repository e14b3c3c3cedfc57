import { FakeBacklog, type RecordedRequest } from './fake-backlog';
import {
  configuredCatalog,
  errorTrace,
  idsOf,
  protocolProblems,
  recordsOf,
  type RunResult,
} from './support/connector';
import { readSync, startFakeSpace } from './support/fake-space';

const STREAMS = ['space', 'projects', 'users', 'issues', 'issue_comments'];

/** Every issue and comment of the server arrives exactly once. */
function expectExactlyTheServerData(server: FakeBacklog, result: RunResult): void {
  const { store } = server;
  expect(idsOf(recordsOf(result, 'issues'))).toEqual(idsOf(store.issues));
  expect(idsOf(recordsOf(result, 'issue_comments'))).toEqual(idsOf(store.comments));
  expect(idsOf(recordsOf(result, 'users'))).toEqual(idsOf(store.users));
  expect(recordsOf(result, 'space')).toEqual([store.space]);
}

/** The connector's own summary line: "... N retries, M rate-limited answers, K rate-limit waits". */
function syncSummary(result: RunResult): string {
  return (
    result.messages.find((m) => m.type === 'LOG' && /^Sync finished/.test(m.log!.message))?.log
      ?.message ?? '(no summary)'
  );
}

/**
 * Requests that consumed `bucket`'s budget, per window, the way the fake counts them: a window
 * opens at the first request after the previous one closed and lasts `windowMs`; 429s are free.
 */
function budgetUsePerWindow(requests: RecordedRequest[], bucket: string, windowMs: number) {
  const counted = requests.filter((r) => r.bucket === bucket && r.status !== 429);
  const perWindow: number[] = [];
  let windowEnd = Number.NEGATIVE_INFINITY;
  for (const request of [...counted].sort((a, b) => a.at - b.at)) {
    if (request.at >= windowEnd) {
      windowEnd = request.at + windowMs;
      perWindow.push(0);
    }
    perWindow[perWindow.length - 1] += 1;
  }
  return perWindow;
}

function log(message: string): void {
  // eslint-disable-next-line no-console
  console.log(message);
}

describe('rate limits', () => {
  let server: FakeBacklog;
  afterEach(() => server.stop());

  it('paces itself from the X-RateLimit headers through a tight budget: few 429s, nothing lost', async () => {
    server = await FakeBacklog.start({
      issues: 250,
      rateLimit: { windowMs: 1500, limits: { search: 5, read: 40 } },
    });
    const catalog = await configuredCatalog(server.url, STREAMS);
    server.resetRequestLog();
    const started = Date.now();
    const result = await readSync(server, catalog, { config: { rate_limit_share: 1 } });
    const seconds = (Date.now() - started) / 1000;

    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    expectExactlyTheServerData(server, result);
    const answered429 = server.requestCount({ status: 429 });
    log(
      `429 storm: ${server.requests.length} requests, ${answered429} answered 429, ${seconds.toFixed(1)} s; ${syncSummary(result)}`,
    );
    // Without pacing, ~260 reads through a 40-per-window budget would draw hundreds of 429s.
    expect(answered429).toBeLessThanOrEqual(10);
  });

  it('with rate_limit_share 0.5 spends at most half of any window of any bucket', async () => {
    const windowMs = 1000;
    const limits = { search: 10, read: 20 };
    server = await FakeBacklog.start({ issues: 60, rateLimit: { windowMs, limits } });
    const catalog = await configuredCatalog(server.url, STREAMS);
    server.resetRequestLog();
    const result = await readSync(server, catalog, { config: { rate_limit_share: 0.5 } });
    expect(result.exitCode).toBe(0);
    expectExactlyTheServerData(server, result);
    expect(server.requestCount({ status: 429 })).toBe(0);
    const reads = budgetUsePerWindow(server.requests, 'read', windowMs);
    // Enough reads to meet the share many times over: the pacing is what this measures.
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...reads)).toBe(limits.read / 2);
    expect(
      Math.max(...budgetUsePerWindow(server.requests, 'search', windowMs)),
    ).toBeLessThanOrEqual(limits.search / 2);
  });

  it('loses nothing when another client of the same user drains the budget now and then', async () => {
    const limits = { windowMs: 1500, limits: { search: 10, read: 80 } };
    server = await FakeBacklog.start({ issues: 120, rateLimit: limits });
    const catalog = await configuredCatalog(server.url, STREAMS);
    server.resetRequestLog();
    let connectorRequests = 0;
    let drains = 0;
    const otherClient = { 'x-other-client': '1' };
    const drain = async (path: string): Promise<void> => {
      // Spends whatever is left of the bucket, as a bulk tool run by the same user would.
      for (let i = 0; i < 200; i++) {
        const response = await fetch(`${server.url}${path}?apiKey=test-api-key`, {
          headers: otherClient,
        });
        await response.arrayBuffer();
        if (response.status === 429) return;
      }
    };
    server.onRequest(async (req: RecordedRequest) => {
      if (req.headers['x-other-client']) return;
      connectorRequests += 1;
      if (connectorRequests % 30 === 0) {
        drains += 1;
        await drain(req.bucket === 'search' ? '/api/v2/issues' : '/api/v2/space');
      }
    });
    const started = Date.now();
    const result = await readSync(server, catalog);
    const seconds = (Date.now() - started) / 1000;
    server.clearHooks();

    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    expectExactlyTheServerData(server, result);
    const to = (status: number) =>
      server.requests.filter((r) => !r.headers['x-other-client'] && r.status === status).length;
    log(
      `shared budget: ${connectorRequests} connector requests, ${drains} drains by another client, ${to(429)} connector requests answered 429, ${seconds.toFixed(1)} s; ${syncSummary(result)}`,
    );
    // The other client really took the budget away: the connector was told 429 and waited.
    expect(to(429)).toBeGreaterThan(0);
    expect(result.messages.some((m) => m.log && /Rate limited \(429\)/.test(m.log.message))).toBe(
      true,
    );
  });
});

describe('transient faults', () => {
  let server: FakeBacklog;
  afterEach(() => server.stop());

  it('survives 5xx, connection resets and truncated bodies on 15% of requests with nothing lost or duplicated', async () => {
    server = await startFakeSpace({ issues: 500, seed: 7 });
    const catalog = await configuredCatalog(server.url, STREAMS);
    server.resetRequestLog();
    server.setFaultRate(0.15);
    const started = Date.now();
    const result = await readSync(server, catalog);
    const seconds = (Date.now() - started) / 1000;

    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    expectExactlyTheServerData(server, result);
    expect(recordsOf(result, 'issues')).toHaveLength(server.store.issues.length);
    expect(recordsOf(result, 'issue_comments')).toHaveLength(server.store.comments.length);

    const faulted = (kind: string) => server.requests.filter((r) => r.fault === kind).length;
    const retries = result.messages.filter(
      (m) => m.log?.level === 'WARN' && /^Retrying /.test(m.log.message),
    ).length;
    log(
      `fault rate 0.15: ${server.requests.length} requests, faults 5xx ${faulted('5xx')} / reset ${faulted('reset')} / truncate ${faulted('truncate')}, ${retries} retry warnings, ${seconds.toFixed(1)} s; ${syncSummary(result)}`,
    );
    for (const kind of ['5xx', 'reset', 'truncate']) expect(faulted(kind)).toBeGreaterThan(0);
    // Every fault costs exactly one retry.
    expect(retries).toBe(faulted('5xx') + faulted('reset') + faulted('truncate'));
  });

  it('retries a request that hangs past request_timeout_seconds', async () => {
    server = await startFakeSpace({ issues: 30 });
    const catalog = await configuredCatalog(server.url, ['issues']);
    server.resetRequestLog();
    // The first listing hangs until the connector, having given up on it, asks again: however
    // slow the machine, it never answers inside request_timeout_seconds.
    let listings = 0;
    let answerTheHungOne: () => void = () => undefined;
    const retried = new Promise<void>((resolve) => (answerTheHungOne = resolve));
    server.onRequest(async (req) => {
      if (req.path !== '/api/v2/issues') return;
      listings += 1;
      if (listings === 1) await retried;
      else answerTheHungOne();
    });
    const result = await readSync(server, catalog, { config: { request_timeout_seconds: 5 } });

    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, ['issues'])).toEqual([]);
    expect(idsOf(recordsOf(result, 'issues'))).toEqual(idsOf(server.store.issues));
    const retries = result.messages
      .filter((m) => m.log?.level === 'WARN')
      .map((m) => m.log!.message);
    expect(retries).toEqual([expect.stringMatching(/^Retrying .*\/issues .*timeout/i)]);
  });

  it.each(['5xx', 'reset', 'truncate'] as const)(
    'gives up on a %s fault that never ends: issues traced transient_error and INCOMPLETE, the read fails',
    async (kind) => {
      server = await startFakeSpace({ issues: 30 });
      const streams = ['projects', 'issues'];
      const catalog = await configuredCatalog(server.url, streams);
      server.resetRequestLog();
      server.injectFault({ kind, times: 1000, match: (path) => path === '/api/v2/issues' });
      const result = await readSync(server, catalog);

      expect(result.exitCode).not.toBe(0);
      expect(result.signal).toBeNull();
      const error = errorTrace(result);
      expect(error?.failure_type).toBe('transient_error');
      expect(error?.stream_descriptor?.name).toBe('issues');
      expect(error?.message).toMatch(/\/issues/);
      expect(error?.message).not.toMatch(/apiKey=(?!\*)/);
      expect(result.stdout + result.stderr).not.toContain('test-api-key');

      const statuses = result.messages
        .filter((m) => m.trace?.type === 'STREAM_STATUS')
        .map(
          (m) =>
            `${m.trace!.stream_status!.stream_descriptor.name}:${m.trace!.stream_status!.status}`,
        );
      expect(statuses).toEqual([
        'projects:STARTED',
        'projects:RUNNING',
        'projects:COMPLETE',
        'issues:STARTED',
        'issues:INCOMPLETE',
      ]);
      // The stream's trace, then its status; the read ends with the error that fails the attempt.
      const errorAt = result.messages.findIndex((m) => m.trace?.type === 'ERROR');
      expect(result.messages[errorAt + 1].trace?.stream_status?.status).toBe('INCOMPLETE');
      expect(result.messages[result.messages.length - 1].trace?.error).toMatchObject({
        failure_type: 'transient_error',
        message: expect.stringMatching(/did not sync successfully: issues \(/),
      });
      expect(recordsOf(result, 'issues')).toEqual([]);
      // One try and six retries, then it stops.
      expect(server.requestCount({ pathPrefix: '/api/v2/issues' })).toBe(7);
      expect(await protocolProblems(server.url, result, streams)).toEqual([]);
    },
  );
});
