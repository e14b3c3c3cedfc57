/**
 * The OAuth tokens over a source's life, against the fake in its strictest form: a refresh token
 * dies the moment its successor is issued. The platform is played as Airbyte plays it: the config
 * comes from the OAuth button, the CONTROL messages of the check that creates the source are
 * dropped (no source id yet), a sync's are persisted as they arrive and the last one wins.
 */
import { FakeBacklog } from './fake-backlog';
import {
  configuredCatalog,
  idsOf,
  type Message,
  protocolProblems,
  recordsOf,
  runConnector,
  type RunResult,
} from './support/connector';
import { type AdvancedAuth, completeOAuthInTheForm } from './support/declarative-oauth';

const CLIENT_ID = 'lifecycle-client';
const CLIENT_SECRET = 'lifecycle-secret-7f3a';
const TOKEN_PATH = '/api/v2/oauth2/token';
const STREAMS = ['projects', 'issues', 'issue_comments'];
const HOUR_MS = 3600_000;

interface OAuthCredentials {
  auth_type: 'oauth2';
  client_id: string;
  client_secret: string;
  refresh_token: string;
  access_token: string;
  token_expiry_date: string;
}
type PlatformConfig = Record<string, unknown> & { credentials: OAuthCredentials };

function controls(result: RunResult): Message[] {
  return result.messages.filter((message) => message.type === 'CONTROL');
}

/** A sync's CONTROL messages are persisted as they come: the last one is what the platform holds. */
function afterSync(config: PlatformConfig, result: RunResult): PlatformConfig {
  const last = controls(result).at(-1);
  return last ? (last.control!.connectorConfig.config as PlatformConfig) : config;
}

/**
 * An hour and a minute later, without waiting: the fake expires its access tokens, and the held
 * expiry date moves back by as much (the connector's clock cannot move forward).
 */
function anHourLater(server: FakeBacklog, config: PlatformConfig): PlatformConfig {
  server.expireAccessTokens();
  const expiry = Date.parse(config.credentials.token_expiry_date) - HOUR_MS - 60_000;
  return {
    ...config,
    credentials: { ...config.credentials, token_expiry_date: new Date(expiry).toISOString() },
  };
}

describe('OAuth tokens over a source’s life, when a refresh token dies as its successor is issued', () => {
  let server: FakeBacklog;
  let advancedAuth: AdvancedAuth;

  beforeAll(async () => {
    const spec = await runConnector('spec');
    advancedAuth = spec.messages.find((m) => m.type === 'SPEC')!.spec!
      .advanced_auth as AdvancedAuth;
  });

  beforeEach(async () => {
    server = await FakeBacklog.start({
      issues: 40,
      rateLimit: { limits: { read: 100_000, search: 10_000 } },
      oauth: {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: 'never-used-refresh-token',
        strictRotation: true,
      },
    });
  });
  afterEach(() => server.stop());

  /** The user fills the form, clicks "Authenticate your account", and the platform has this config. */
  async function configFromTheOAuthButton(): Promise<PlatformConfig> {
    const form = {
      space_url: server.url,
      credentials: { auth_type: 'oauth2', client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
    };
    return (await completeOAuthInTheForm(advancedAuth, form, {
      redirectUri: 'https://airbyte.example.com/auth_flow',
      nowMs: Date.now(),
      state: 'st4te-from-platform',
    })) as PlatformConfig;
  }

  function tokenRequests(): number {
    return server.requestCount({ pathPrefix: TOKEN_PATH });
  }

  function expectLiveTokens(config: PlatformConfig): void {
    const { refresh_token, access_token } = config.credentials;
    expect({
      refreshTokenLive: server.isLiveRefreshToken(refresh_token),
      accessTokenLive: server.isLiveAccessToken(access_token),
    }).toEqual({ refreshTokenLive: true, accessTokenLive: true });
  }

  async function sync(config: PlatformConfig, options = {}): Promise<RunResult> {
    const catalog = await configuredCatalog(server.url, STREAMS);
    return runConnector('read', { config, catalog }, options);
  }

  async function expectCompleteSync(result: RunResult): Promise<void> {
    expect(result.exitCode).toBe(0);
    expect(await protocolProblems(server.url, result, STREAMS)).toEqual([]);
    expect(idsOf(recordsOf(result, 'issues'))).toEqual(idsOf(server.store.issues));
  }

  it('source creation, a first and a second sync: nothing is refreshed while the access token is valid', async () => {
    const created = await configFromTheOAuthButton();
    expect(created.credentials).toEqual({
      auth_type: 'oauth2',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      refresh_token: expect.any(String),
      access_token: expect.any(String),
      token_expiry_date: expect.any(String),
    });
    const exchanges = tokenRequests();

    const check = await runConnector('check', { config: created });
    expect(check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus).toEqual({
      status: 'SUCCEEDED',
    });
    // Its CONTROL messages would be dropped: there must be nothing to drop.
    expect(controls(check)).toEqual([]);
    expect(tokenRequests()).toBe(exchanges);
    expectLiveTokens(created);

    let held = created;
    for (const run of ['first sync', 'second sync']) {
      const result = await sync(held);
      await expectCompleteSync(result);
      expect({ run, controls: controls(result).length }).toEqual({ run, controls: 0 });
      held = afterSync(held, result);
      expectLiveTokens(held);
    }
    expect(held).toEqual(created);
    expect(tokenRequests()).toBe(exchanges);
  });

  it('an access token expired at the start: refresh first, CONTROL before any record, the next sync needs no refresh', async () => {
    let held = anHourLater(server, await configFromTheOAuthButton());
    const spent = held.credentials.refresh_token;

    const result = await sync(held);
    await expectCompleteSync(result);
    const types = result.messages.map((m) => m.type);
    expect(types.indexOf('CONTROL')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('CONTROL')).toBeLessThan(types.indexOf('RECORD'));
    expect(controls(result)).toHaveLength(1);
    // Refreshed before the first request, not after Backlog refused the stale token.
    expect(server.requestCount({ status: 401 })).toBe(0);
    expect(server.isLiveRefreshToken(spent)).toBe(false);
    held = afterSync(held, result);
    expect(Date.parse(held.credentials.token_expiry_date)).toBeGreaterThan(
      Date.now() + HOUR_MS / 2,
    );
    expectLiveTokens(held);

    const next = await sync(held);
    await expectCompleteSync(next);
    expect(controls(next)).toEqual([]);
    expectLiveTokens(afterSync(held, next));
  });

  it('an access token refused with 401 mid-sync: refreshed once, the sync goes on', async () => {
    let held = await configFromTheOAuthButton();
    const exchanges = tokenRequests();
    // Comments are read several at a time: the expiry may meet requests in flight together.
    server.setLatency(20);
    let commentRequests = 0;
    server.onRequest((request) => {
      if (/^\/api\/v2\/issues\/[^/]+\/comments$/.test(request.path) && ++commentRequests === 5) {
        server.expireAccessTokens();
      }
    });

    const result = await sync(held);
    await expectCompleteSync(result);
    expect(server.requestCount({ status: 401 })).toBeGreaterThan(0);
    expect(tokenRequests() - exchanges).toBe(1);
    expect(controls(result)).toHaveLength(1);
    held = afterSync(held, result);
    expectLiveTokens(held);
  });

  it('a sync killed right after a refresh: the CONTROL it sent is what the next sync runs on', async () => {
    let held = anHourLater(server, await configFromTheOAuthButton());
    // The API answers nothing until the kill: the run dies between its refresh and its first record.
    let releaseApi = () => {};
    const apiReleased = new Promise<void>((resolve) => (releaseApi = resolve));
    server.onRequest(async (request) => {
      if (request.path.startsWith('/api/v2/') && request.path !== TOKEN_PATH) await apiReleased;
    });
    const killed = await sync(held, {
      killWhen: (stdout: string) => {
        const sent = /^\{"type":"CONTROL".*\n/m.test(stdout);
        if (sent) setImmediate(releaseApi);
        return sent;
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(controls(killed)).toHaveLength(1);
    expect(killed.messages.filter((m) => m.type === 'RECORD')).toEqual([]);
    // The platform persisted the CONTROL as it arrived; the token the killed run spent is dead.
    expect(server.isLiveRefreshToken(held.credentials.refresh_token)).toBe(false);
    held = afterSync(held, killed);
    expectLiveTokens(held);

    const exchanges = tokenRequests();
    const next = await sync(held);
    await expectCompleteSync(next);
    expect(tokenRequests()).toBe(exchanges);
    expectLiveTokens(afterSync(held, next));
  });

  it('discover needs no credentials: no request, no refresh, even with an expired access token', async () => {
    const held = anHourLater(server, await configFromTheOAuthButton());
    server.resetRequestLog();
    const result = await runConnector('discover', { config: held });
    expect(result.exitCode).toBe(0);
    expect(result.messages.some((m) => m.type === 'CATALOG')).toBe(true);
    expect(server.requests).toEqual([]);
    expect(controls(result)).toEqual([]);
    expect(server.isLiveRefreshToken(held.credentials.refresh_token)).toBe(true);
  });
});
