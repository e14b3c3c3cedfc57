import { AxiosError, type AxiosInstance } from 'axios';
import { ConnectorError, UnusableConfigError } from '../protocol/failures';
import { Redactor } from '../protocol/redaction';
import { ApiKeyAuthenticator, type AuthenticatedRequest, type Authenticator } from './auth';
import type { RetryPolicy } from './backoff';
import { BacklogClient, createHttp } from './client';
import { BacklogApiError } from './errors';
import {
  failureOf,
  playNext,
  skippingClock,
  withoutJitter,
  type ScriptedAnswer as Step,
} from './http.fixture';
import { RateLimitGovernor } from './rate-limit';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const ok = (body: unknown, headers: Record<string, string> = {}): Step => ({
  status: 200,
  headers: { ...JSON_TYPE, ...headers },
  data: JSON.stringify(body),
});
const status = (code: number): Step => ({
  status: code,
  headers: JSON_TYPE,
  data: JSON.stringify({ errors: [{ message: `status ${code}`, code: 1 }] }),
});
const networkError = (code: string | undefined, message = 'boom'): Step => ({
  throws: new AxiosError(message, code),
});

const POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000, max429Waits: 2 };

/** A client over a transport that plays `steps` in order, on a clock that never really waits. */
function clientPlaying(steps: Step[], auth: Authenticator = new ApiKeyAuthenticator('key-9876')) {
  const sent: Array<{ url: string; params: string; headers: Record<string, string> }> = [];
  const warnings: string[] = [];
  const { clock, slept } = skippingClock(NOW);
  const http = {
    get: async (
      url: string,
      config: { params: URLSearchParams; headers: Record<string, string> },
    ) => {
      sent.push({ url, params: config.params.toString(), headers: { ...config.headers } });
      return playNext(steps);
    },
  } as unknown as AxiosInstance;
  const redactor = new Redactor();
  redactor.addSecret('key-9876');
  const governor = new RateLimitGovernor(1, clock);
  const client = new BacklogClient({
    apiBaseUrl: 'https://acme.backlog.com/api/v2',
    http,
    auth,
    governor,
    concurrency: 1,
    clock,
    redactor,
    logger: { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} },
    retry: POLICY,
  });
  return { client, sent, slept, warnings, governor, steps };
}

describe('BacklogClient retries', () => {
  withoutJitter();

  it('sends the query and the API key, and counts the request in its bucket', async () => {
    const { client, sent } = clientPlaying([ok([{ id: 1 }]), ok([])]);
    expect(
      await client.get('/issues', { count: 100, 'projectId[]': [7, 8], minId: undefined }),
    ).toEqual([{ id: 1 }]);
    await client.get('/projects');
    expect(sent[0].url).toBe('https://acme.backlog.com/api/v2/issues');
    expect(new URLSearchParams(sent[0].params).getAll('projectId[]')).toEqual(['7', '8']);
    expect(new URLSearchParams(sent[0].params).get('count')).toBe('100');
    expect(new URLSearchParams(sent[0].params).has('minId')).toBe(false);
    expect(new URLSearchParams(sent[0].params).get('apiKey')).toBe('key-9876');
    expect(client.stats).toEqual({
      requests: 2,
      retries: 0,
      byBucket: { read: 1, search: 1, update: 0, icon: 0 },
    });
  });

  it.each([500, 502, 503, 408])(
    'retries a %i after a backoff and returns the next answer',
    async (code) => {
      const { client, sent, slept, warnings } = clientPlaying([
        status(code),
        ok({ spaceKey: 'acme' }),
      ]);
      expect(await client.get('/space')).toEqual({ spaceKey: 'acme' });
      expect(sent).toHaveLength(2);
      // First retry: the base delay (Math.random() is 1, so no jitter off it).
      expect(slept).toEqual([100]);
      expect(client.stats.retries).toBe(1);
      expect(client.stats.requests).toBe(2);
      expect(warnings).toEqual([expect.stringMatching(/in 100 ms \(attempt 2\)/)]);
    },
  );

  it('gives up after maxRetries retries, with doubling delays, and says how many attempts it made', async () => {
    const { client, sent, slept } = clientPlaying([status(500), status(500), status(500), ok({})]);
    const error = await failureOf(client.get('/space'));
    expect(sent).toHaveLength(3);
    expect(slept).toEqual([100, 200]);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).failureType).toBe('transient_error');
    expect(error.message).toMatch(
      /^Backlog did not answer https:\/\/acme\.backlog\.com\/api\/v2\/space successfully after 3 attempts: /,
    );
  });

  it.each([400, 403, 404, 499])('does not retry a %i', async (code) => {
    const { client, sent } = clientPlaying([ok({}), status(code), ok({})]);
    await client.get('/space');
    const error = await failureOf(client.get('/projects/A'));
    expect(error).toBeInstanceOf(BacklogApiError);
    expect((error as BacklogApiError).status).toBe(code);
    expect(sent).toHaveLength(2);
  });

  it('takes a 300 for an error, not an answer', async () => {
    const { client } = clientPlaying([ok({}), { status: 300, headers: JSON_TYPE, data: '[]' }]);
    await client.get('/space');
    expect(await failureOf(client.get('/projects'))).toBeInstanceOf(BacklogApiError);
  });

  it('describes a URL with its query, the API key masked', () => {
    const { client } = clientPlaying([]);
    expect(
      client.describeUrl('/issues', new URLSearchParams({ apiKey: 'key-9876', count: '100' })),
    ).toBe('https://acme.backlog.com/api/v2/issues?apiKey=***&count=100');
    expect(client.describeUrl('/issues')).toBe('https://acme.backlog.com/api/v2/issues');
  });

  it('createHttp hands back the body as it came, every status, no redirect, JSON asked for', () => {
    const http = createHttp(15_000);
    const transform = http.defaults.transformResponse as Array<(data: unknown) => unknown>;
    expect(transform.reduce((data: unknown, step) => step(data), '[{"id":1},{"id"')).toBe(
      '[{"id":1},{"id"',
    );
    expect(http.defaults).toMatchObject({ timeout: 15_000, responseType: 'text', maxRedirects: 0 });
    expect(http.defaults.validateStatus?.(503)).toBe(true);
    expect(http.defaults.headers).toMatchObject({
      Accept: 'application/json',
      'User-Agent': 'source-backlog (Airbyte connector)',
    });
  });

  it('retries a body cut short, and a 2xx other than 200', async () => {
    const truncated: Step = { status: 200, headers: JSON_TYPE, data: '[{"id":1},{"id"' };
    const { client, sent } = clientPlaying([truncated, { status: 204, headers: {}, data: '[]' }]);
    expect(await client.get('/projects')).toEqual([]);
    expect(sent).toHaveLength(2);
  });

  it('waits for the reset after a 429 and sends again, up to max429Waits times', async () => {
    const resetSeconds = String(Math.ceil(NOW / 1000) + 30);
    const tooMany: Step = {
      status: 429,
      headers: {
        ...JSON_TYPE,
        'x-ratelimit-limit': '150',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': resetSeconds,
      },
      data: '{"errors":[{"message":"Too many requests","code":13}]}',
    };
    const recovering = clientPlaying([tooMany, tooMany, ok({ spaceKey: 'acme' })]);
    expect(await recovering.client.get('/space')).toEqual({ spaceKey: 'acme' });
    expect(recovering.sent).toHaveLength(3);
    // Each wait reaches past the reset second.
    expect(recovering.slept[0]).toBeGreaterThanOrEqual(30_000);
    expect(recovering.governor.stats.rateLimited).toBe(2);

    const exhausted = clientPlaying([tooMany, tooMany, tooMany, ok({})]);
    const error = await failureOf(exhausted.client.get('/space'));
    expect(exhausted.sent).toHaveLength(3);
    expect((error as ConnectorError).failureType).toBe('transient_error');
    expect(error.message).toMatch(/kept answering 429 .* after 2 waits/);
  });

  it('does not teach the governor a window phase from a 429', async () => {
    const { client, governor } = clientPlaying([
      { status: 429, headers: JSON_TYPE, data: '' },
      ok({}),
    ]);
    const release = jest.spyOn(governor, 'release');
    await client.get('/space');
    expect(release.mock.calls[0][2]).toBeUndefined();
    expect(release.mock.calls[1][2]).toEqual({
      sentAtMs: expect.any(Number),
      receivedAtMs: expect.any(Number),
    });
  });

  describe('a 401', () => {
    const unauthorized: Step = {
      status: 401,
      headers: JSON_TYPE,
      data: JSON.stringify({ errors: [{ message: 'Authentication failure.', code: 11 }] }),
    };

    /** An authenticator whose token can be replaced `renewals` times after a 401. */
    function renewing(renewals: number) {
      const refused: string[] = [];
      let token = 1;
      const auth: Authenticator = {
        description: 'test token',
        async authorize(request: AuthenticatedRequest) {
          request.headers.Authorization = `Bearer t${token}`;
        },
        async recoverFromUnauthorized(request: AuthenticatedRequest) {
          refused.push(request.headers.Authorization);
          if (renewals === 0) return false;
          renewals -= 1;
          token += 1;
          return true;
        },
      };
      return { auth, refused };
    }

    it('asks the authenticator once and retries with the new credentials', async () => {
      const { auth, refused } = renewing(1);
      const { client, sent, slept } = clientPlaying([unauthorized, ok({ spaceKey: 'acme' })], auth);
      expect(await client.get('/space')).toEqual({ spaceKey: 'acme' });
      expect(refused).toEqual(['Bearer t1']);
      expect(sent.map((request) => request.headers.Authorization)).toEqual([
        'Bearer t1',
        'Bearer t2',
      ]);
      expect(slept).toEqual([]);
      expect(client.stats.retries).toBe(0);
    });

    it('a second 401 after a renewal stops the read: the credentials are rejected', async () => {
      const { auth, refused } = renewing(5);
      const { client, sent } = clientPlaying([unauthorized, unauthorized, ok({})], auth);
      const error = await failureOf(client.get('/space'));
      expect(error).toBeInstanceOf(UnusableConfigError);
      expect(error.message).toMatch(/^Backlog rejected the test token \(/);
      expect(refused).toHaveLength(1);
      expect(sent).toHaveLength(2);
    });

    it('without newer credentials it fails at once, naming two-factor authentication when Backlog does', async () => {
      const { auth } = renewing(0);
      const mfa: Step = {
        status: 401,
        headers: JSON_TYPE,
        data: JSON.stringify({ errors: [{ message: 'MFA required', code: 12 }] }),
      };
      const { client, sent } = clientPlaying([mfa, ok({})], auth);
      const error = await failureOf(client.get('/space'));
      expect(error).toBeInstanceOf(UnusableConfigError);
      expect(error.message).toMatch(
        /\)\. The space requires two-factor authentication for this user\. Check/,
      );
      expect(sent).toHaveLength(1);
      const plain = clientPlaying([unauthorized], renewing(0).auth);
      expect((await failureOf(plain.client.get('/space'))).message).toMatch(
        /\)\. Check that the credentials/,
      );
    });

    it('a 401 from a host that is not Backlog says so', async () => {
      const { client } = clientPlaying([
        { status: 401, headers: { 'content-type': 'text/html' }, data: '<html>' },
      ]);
      const error = await failureOf(client.get('/space'));
      expect(error).toBeInstanceOf(UnusableConfigError);
      expect(error.message).not.toMatch(/^Backlog rejected/);
      expect(error.message).toMatch(
        /\. The host does not look like a Backlog space: check space_url\.$/,
      );
    });
  });

  describe('network failures', () => {
    it.each([
      'ECONNRESET',
      'ECONNABORTED',
      'ETIMEDOUT',
      'EPIPE',
      'ECONNREFUSED',
      'EAI_AGAIN',
      'ERR_BAD_RESPONSE',
      'ERR_NETWORK',
      'ERR_SOCKET_CONNECTION_TIMEOUT',
      'UND_ERR_SOCKET',
    ])('retries %s', async (code) => {
      const { client, sent } = clientPlaying([networkError(code), ok({ spaceKey: 'acme' })]);
      expect(await client.get('/space')).toEqual({ spaceKey: 'acme' });
      expect(sent).toHaveLength(2);
    });

    it('retries a failure without a code', async () => {
      const { client, sent } = clientPlaying([networkError(undefined), ok({})]);
      expect(await client.get('/space')).toEqual({});
      expect(sent).toHaveLength(2);
    });

    it('reads the code from the cause when the error has none', async () => {
      const caused = new AxiosError('getaddrinfo failed');
      caused.cause = Object.assign(new Error('dns'), { code: 'ENOTFOUND' });
      const { client, sent } = clientPlaying([{ throws: caused }, ok({})]);
      expect(await failureOf(client.get('/space'))).toBeInstanceOf(UnusableConfigError);
      expect(sent).toHaveLength(1);
    });

    it('does not retry an unknown code: a system error, with the API key masked', async () => {
      const { client, sent } = clientPlaying([
        networkError('EWEIRD', 'failed for https://acme.backlog.com/api/v2/space?apiKey=key-9876'),
        ok({}),
      ]);
      const error = await failureOf(client.get('/space'));
      expect((error as ConnectorError).failureType).toBe('system_error');
      expect(error.message).toBe(
        'GET https://acme.backlog.com/api/v2/space failed: EWEIRD failed for https://acme.backlog.com/api/v2/space?apiKey=***',
      );
      expect(sent).toHaveLength(1);
    });

    it('stops the read when the host does not resolve or its certificate is bad', async () => {
      for (const code of [
        'ENOTFOUND',
        'CERT_HAS_EXPIRED',
        'ERR_TLS_INVALID_PROTOCOL_VERSION',
        'SELF_SIGNED_CERT_IN_CHAIN',
      ]) {
        const { client, sent } = clientPlaying([networkError(code), ok({})]);
        const error = await failureOf(client.get('/space'));
        expect(error).toBeInstanceOf(UnusableConfigError);
        expect(error.message).toMatch(
          code === 'ENOTFOUND' ? /^Cannot resolve the host of / : /^TLS failure talking to .*\(/,
        );
        expect(sent).toHaveLength(1);
      }
    });

    it('passes on an error of its own authenticator as it is, without retrying', async () => {
      const refused = new Error('the refresh token was rejected');
      const auth: Authenticator = {
        description: 'OAuth',
        authorize: async () => {
          throw refused;
        },
        recoverFromUnauthorized: async () => false,
      };
      const { client, sent } = clientPlaying([ok({})], auth);
      expect(await failureOf(client.get('/space'))).toBe(refused);
      expect(sent).toHaveLength(0);
    });
  });

  it('an HTML page with 200 is not Backlog: no retry, and the host is called out', async () => {
    const { client, sent } = clientPlaying([
      { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, data: '<html>' },
      ok({}),
    ]);
    const error = await failureOf(client.get('/space'));
    expect(error).toBeInstanceOf(UnusableConfigError);
    expect(error.message).toMatch(/answered with text\/html, not JSON/);
    expect(sent).toHaveLength(1);
  });

  it("a Backlog error answer makes the host Backlog's: a later odd answer fails one stream only", async () => {
    const { client } = clientPlaying([
      status(404),
      { status: 404, headers: { 'content-type': 'text/html' }, data: '<html>' },
    ]);
    await failureOf(client.get('/projects/GONE'));
    const error = await failureOf(client.get('/projects/A/categories'));
    expect(error).toBeInstanceOf(BacklogApiError);
    expect(error).not.toBeInstanceOf(UnusableConfigError);
  });

  it('keeps the latest server time from the Date headers, ignoring one it cannot read', async () => {
    const { client } = clientPlaying([
      ok({}, { date: 'Sun, 01 Mar 2026 10:00:05 GMT' }),
      ok({}, { date: 'Sun, 01 Mar 2026 10:00:03 GMT' }),
      ok({}, { date: 'not a date' }),
    ]);
    expect(client.serverTimeMs).toBeUndefined();
    await client.get('/space');
    expect(client.serverTimeMs).toBe(Date.parse('2026-03-01T10:00:05Z'));
    await client.get('/space');
    await client.get('/space');
    expect(client.serverTimeMs).toBe(Date.parse('2026-03-01T10:00:05Z'));
  });
});
