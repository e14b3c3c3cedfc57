import { FakeBacklog } from './fake-backlog';
import {
  configFor,
  configuredCatalog,
  errorTrace,
  idsOf,
  type Message,
  protocolProblems,
  recordsOf,
  runConnector,
  type RunResult,
} from './support/connector';

const STREAMS = ['space', 'projects', 'users', 'issues', 'issue_comments'];
const GENEROUS = { limits: { read: 100_000, search: 10_000, update: 10_000 } };
const TOKEN_PATH = '/api/v2/oauth2/token';

const API_KEY = 'api-key-5b1d9e0c7a';
const CLIENT_ID = 'client-id-public';
const CLIENT_SECRET = 'client-secret-93ab4f';
const REFRESH_TOKEN = 'refresh-token-1c2d8e';
const STATIC_TOKEN = 'static-access-token-77ee';

function oauthConfig(url: string, overrides: Record<string, string> = {}) {
  return configFor(url, {
    credentials: {
      auth_type: 'oauth2',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      refresh_token: REFRESH_TOKEN,
      ...overrides,
    },
  });
}

function expectExactlyTheServerData(server: FakeBacklog, result: RunResult): void {
  expect(idsOf(recordsOf(result, 'issues'))).toEqual(idsOf(server.store.issues));
  expect(idsOf(recordsOf(result, 'issue_comments'))).toEqual(idsOf(server.store.comments));
}

function controlMessages(result: RunResult): Message[] {
  return result.messages.filter((message) => message.type === 'CONTROL');
}

/** Bearer tokens the connector sent: the access tokens the fake issued (or the static one). */
function bearerTokens(server: FakeBacklog): string[] {
  const tokens = new Set<string>();
  for (const request of server.requests) {
    const match = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ''));
    if (match) tokens.add(match[1].trim());
  }
  return [...tokens];
}

/** No secret in stderr nor in any stdout line but a CONTROL message (the one allowed to carry one). */
function expectNoSecretsOutsideControl(result: RunResult, secrets: string[]): void {
  const lines = result.stdout.split('\n').filter((line) => !line.startsWith('{"type":"CONTROL"'));
  // Every CONTROL line really is a CONTROL message (the filter above is not fooled by key order).
  expect(lines.filter((line) => line.includes('"CONTROL"'))).toEqual([]);
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(4);
    const leaks = lines.filter((line) => line.includes(secret));
    expect({ secret, leaks }).toEqual({ secret, leaks: [] });
    expect({ secret, inStderr: result.stderr.includes(secret) }).toEqual({
      secret,
      inStderr: false,
    });
  }
}

function tokenRequests(server: FakeBacklog): number {
  return server.requestCount({ pathPrefix: TOKEN_PATH });
}

function log(message: string): void {
  // eslint-disable-next-line no-console
  console.log(message);
}

describe('OAuth 2.0 refresh-token flow', () => {
  let server: FakeBacklog;
  afterEach(() => server.stop());

  async function start(accessTokenTtlSec?: number): Promise<FakeBacklog> {
    server = await FakeBacklog.start({
      issues: 250,
      apiKey: API_KEY,
      rateLimit: GENEROUS,
      oauth: {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: REFRESH_TOKEN,
        accessTokenTtlSec,
      },
    });
    return server;
  }

  it('reads with bearer tokens and hands the rotated refresh token to the platform in a CONTROL message only', async () => {
    await start();
    const config = oauthConfig(server.url);
    const catalog = await configuredCatalog(server.url, STREAMS);
    const result = await runConnector('read', { config, catalog });

    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    expectExactlyTheServerData(server, result);
    const api = server.requests.filter((r) => r.path !== TOKEN_PATH);
    expect(api.every((r) => /^Bearer /.test(String(r.headers.authorization)))).toBe(true);
    expect(api.some((r) => r.query.has('apiKey'))).toBe(false);
    expect(tokenRequests(server)).toBe(1);

    const controls = controlMessages(result);
    expect(controls).toHaveLength(1);
    const updated = controls[0].control!.connectorConfig.config;
    const rotated = (updated.credentials as { refresh_token: string }).refresh_token;
    expect(rotated).not.toBe(REFRESH_TOKEN);
    // The whole config comes back (spec defaults may be filled in), with the tokens just issued.
    expect(updated).toMatchObject({ ...config, credentials: expect.anything() });
    expect(updated.credentials).toEqual({
      ...config.credentials,
      refresh_token: rotated,
      access_token: bearerTokens(server)[0],
      token_expiry_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(result.stdout.split('\n').filter((line) => line.includes(rotated))).toHaveLength(1);
    expectNoSecretsOutsideControl(result, [
      CLIENT_SECRET,
      REFRESH_TOKEN,
      rotated,
      ...bearerTokens(server),
    ]);

    // The platform stores the new config; the next sync works with it.
    const next = await runConnector('read', {
      config: updated,
      catalog: await configuredCatalog(server.url, ['projects']),
    });
    expect(next.exitCode).toBe(0);
    expect(recordsOf(next, 'projects').length).toBeGreaterThan(0);
  });

  it('refreshes an access token that expires mid-sync and loses nothing', async () => {
    await start();
    const catalog = await configuredCatalog(server.url, STREAMS);
    let apiRequests = 0;
    server.onRequest((req) => {
      if (req.path === TOKEN_PATH) return;
      apiRequests += 1;
      if (apiRequests === 60 || apiRequests === 200) server.expireAccessTokens();
    });
    const result = await runConnector('read', { config: oauthConfig(server.url), catalog });

    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    expectExactlyTheServerData(server, result);
    const unauthorized = server.requestCount({ status: 401 });
    log(
      `expired twice mid-sync: ${server.requests.length} requests, ${unauthorized} answered 401, ${tokenRequests(server)} token requests, ${controlMessages(result).length} CONTROL messages`,
    );
    expect(unauthorized).toBeGreaterThanOrEqual(2);
    // One token at the start and (at least) one after each expiry; never one per request.
    expect(tokenRequests(server)).toBeGreaterThanOrEqual(3);
    expect(tokenRequests(server)).toBeLessThanOrEqual(1 + 2 * 4);
    // Each rotation is announced, and the last CONTROL carries the newest refresh token.
    expect(controlMessages(result)).toHaveLength(tokenRequests(server));
    const rotations = controlMessages(result).map(
      (m) =>
        (m.control!.connectorConfig.config.credentials as { refresh_token: string }).refresh_token,
    );
    expect(new Set(rotations).size).toBe(rotations.length);
    expectNoSecretsOutsideControl(result, [
      CLIENT_SECRET,
      REFRESH_TOKEN,
      ...rotations,
      ...bearerTokens(server),
    ]);
  });

  it('renews short-lived access tokens about once per lifetime, not before every request', async () => {
    await start(3);
    const catalog = await configuredCatalog(server.url, STREAMS);
    server.setLatency(5);
    const started = Date.now();
    const result = await runConnector('read', { config: oauthConfig(server.url), catalog });
    const seconds = (Date.now() - started) / 1000;

    expect(result.exitCode).toBe(0);
    expectExactlyTheServerData(server, result);
    log(
      `access tokens living 3 s: ${server.requests.length} requests in ${seconds.toFixed(1)} s, ${tokenRequests(server)} token requests, ${server.requestCount({ status: 401 })} answered 401`,
    );
    expect(tokenRequests(server)).toBeLessThanOrEqual(Math.ceil(seconds / 3) * 2 + 2);
  });

  it('retries a token request that meets a 5xx or a reset instead of failing the sync', async () => {
    await start();
    const catalog = await configuredCatalog(server.url, ['projects', 'issues']);
    server.injectFault({ kind: '5xx', times: 1, match: (path) => path === TOKEN_PATH });
    server.injectFault({ kind: 'reset', times: 1, match: (path) => path === TOKEN_PATH });
    const result = await runConnector('read', { config: oauthConfig(server.url), catalog });

    expect(errorTrace(result)).toBeUndefined();
    expect(result.exitCode).toBe(0);
    expect(idsOf(recordsOf(result, 'issues'))).toEqual(idsOf(server.store.issues));
    expect(tokenRequests(server)).toBe(3);
  });

  it('a wrong client secret fails check and read with a config error about the refresh token', async () => {
    await start();
    const config = oauthConfig(server.url, { client_secret: 'not-the-secret-4e1f' });
    const check = await runConnector('check', { config });
    const status = check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus;
    expect(status?.status).toBe('FAILED');
    expect(status?.message).toMatch(/refresh token/);
    expect(await protocolProblems(server.url, check)).toEqual([]);

    const catalog = await configuredCatalog(server.url, ['issues']);
    const read = await runConnector('read', { config, catalog });
    expect(read.exitCode).not.toBe(0);
    expect(errorTrace(read)?.failure_type).toBe('config_error');
    expect(errorTrace(read)?.message).toMatch(/refresh token/);
    expect(read.messages.filter((m) => m.type === 'RECORD')).toEqual([]);
    expect(controlMessages(read)).toEqual([]);
    expect(await protocolProblems(server.url, read, ['issues'])).toEqual([]);
    for (const result of [check, read]) {
      expectNoSecretsOutsideControl(result, ['not-the-secret-4e1f', REFRESH_TOKEN]);
    }
  });
});

describe('static access token', () => {
  let server: FakeBacklog;
  beforeAll(async () => {
    server = await FakeBacklog.start({
      issues: 40,
      apiKey: API_KEY,
      accessTokens: [STATIC_TOKEN],
      rateLimit: GENEROUS,
    });
  });
  afterAll(() => server.stop());

  it('sends the token as a bearer on every request and reads everything', async () => {
    const config = configFor(server.url, {
      credentials: { auth_type: 'access_token', access_token: STATIC_TOKEN },
    });
    const catalog = await configuredCatalog(server.url, STREAMS);
    server.resetRequestLog();
    const result = await runConnector('read', { config, catalog });

    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    expectExactlyTheServerData(server, result);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${STATIC_TOKEN}`)).toBe(
      true,
    );
    expect(server.requests.some((r) => r.query.has('apiKey'))).toBe(false);
    expect(tokenRequests(server)).toBe(0);
    expect(controlMessages(result)).toEqual([]);
    expectNoSecretsOutsideControl(result, [STATIC_TOKEN]);
  });

  it('a revoked token is a config error that names the access token, not the token itself', async () => {
    const config = configFor(server.url, {
      credentials: { auth_type: 'access_token', access_token: 'revoked-token-0a0b' },
    });
    const check = await runConnector('check', { config });
    expect(check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus).toEqual({
      status: 'FAILED',
      message: expect.stringMatching(/access token/),
    });
    const read = await runConnector('read', {
      config,
      catalog: await configuredCatalog(server.url, ['issues']),
    });
    expect(read.exitCode).not.toBe(0);
    expect(errorTrace(read)?.failure_type).toBe('config_error');
    for (const result of [check, read])
      expectNoSecretsOutsideControl(result, ['revoked-token-0a0b']);
  });
});

describe('secrets stay out of logs, traces and statuses', () => {
  let server: FakeBacklog;
  afterEach(() => server.stop());

  it('with an API key, even while requests fail and are retried', async () => {
    server = await FakeBacklog.start({ issues: 60, apiKey: API_KEY, rateLimit: GENEROUS, seed: 3 });
    const config = configFor(server.url, {
      credentials: { auth_type: 'api_key', api_key: API_KEY },
    });
    const check = await runConnector('check', { config });
    expect(
      check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus?.status,
    ).toBe('SUCCEEDED');
    server.setFaultRate(0.2);
    const read = await runConnector('read', {
      config,
      catalog: await configuredCatalog(server.url, STREAMS),
    });
    expect(read.exitCode).toBe(0);
    expect(
      read.messages.some((m) => m.log?.level === 'WARN' && /^Retrying/.test(m.log.message)),
    ).toBe(true);
    server.clearFaults();
    server.injectFault({ kind: 'reset', times: 1000, match: (path) => path === '/api/v2/issues' });
    const failed = await runConnector('read', {
      config,
      catalog: await configuredCatalog(server.url, ['issues']),
    });
    expect(errorTrace(failed)?.failure_type).toBe('transient_error');
    for (const result of [check, read, failed]) {
      expectNoSecretsOutsideControl(result, [API_KEY]);
      expect(result.stdout).not.toMatch(/apiKey=(?!\*\*\*)/);
    }
  });

  it('with OAuth, across expiries, 401s and faults', async () => {
    server = await FakeBacklog.start({
      issues: 60,
      apiKey: API_KEY,
      rateLimit: GENEROUS,
      seed: 4,
      oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: REFRESH_TOKEN },
    });
    let apiRequests = 0;
    server.onRequest((req) => {
      if (req.path === TOKEN_PATH) return;
      apiRequests += 1;
      if (apiRequests % 25 === 0) server.expireAccessTokens();
      // Faults on API requests only: the token endpoint is another test's business.
      if (apiRequests % 9 === 4) {
        const kind = apiRequests % 2 === 0 ? '5xx' : 'truncate';
        server.injectFault({ kind, times: 1, match: (path) => path === req.path });
      }
    });
    const config = oauthConfig(server.url);
    const check = await runConnector('check', { config });
    const read = await runConnector('read', {
      config,
      catalog: await configuredCatalog(server.url, STREAMS),
    });
    expect(read.exitCode).toBe(0);
    expect(server.requestCount({ status: 401 })).toBeGreaterThan(0);
    expect(
      read.messages.some((m) => m.log?.level === 'WARN' && /^Retrying/.test(m.log.message)),
    ).toBe(true);
    const rotated = [check, read].flatMap((result) =>
      controlMessages(result).map(
        (m) =>
          (m.control!.connectorConfig.config.credentials as { refresh_token: string })
            .refresh_token,
      ),
    );
    expect(rotated.length).toBeGreaterThan(0);
    for (const result of [check, read]) {
      expectNoSecretsOutsideControl(result, [
        CLIENT_SECRET,
        REFRESH_TOKEN,
        ...rotated,
        ...bearerTokens(server),
      ]);
    }
  });
});
