import type { AxiosInstance } from 'axios';
import { Redactor } from '../protocol/redaction';
import type { AuthenticatedRequest } from './auth';
import type { Clock } from './clock';
import { type IssuedTokens, OAuth2Authenticator } from './oauth2';

const EXPIRY_MS = Date.parse('2026-01-01T01:00:00Z');

/** The authenticator over a token endpoint that issues `access-N`/`refresh-N`, on a set clock. */
function authenticatorAt(nowMs: number, held: { accessToken?: string; expiresAtMs?: number }) {
  const grants: string[] = [];
  const issued: IssuedTokens[] = [];
  const clock: Clock = { now: () => nowMs, sleep: async () => undefined };
  const http = {
    post: async (_url: string, body: string) => {
      grants.push(new URLSearchParams(body).get('refresh_token') ?? '');
      const n = grants.length;
      return {
        status: 200,
        headers: {},
        data: JSON.stringify({
          access_token: `access-${n}`,
          refresh_token: `refresh-${n}`,
          expires_in: 3600,
        }),
      };
    },
  } as unknown as AxiosInstance;
  const authenticator = new OAuth2Authenticator({
    http,
    tokenUrl: 'https://acme.backlog.com/api/v2/oauth2/token',
    clientId: 'client',
    clientSecret: 'secret',
    refreshToken: 'refresh-0',
    accessToken: held.accessToken,
    accessTokenExpiresAtMs: held.expiresAtMs,
    clock,
    redactor: new Redactor(),
    onTokensIssued: (tokens) => issued.push(tokens),
  });
  return { authenticator, grants, issued };
}

async function authorized(authenticator: OAuth2Authenticator): Promise<AuthenticatedRequest> {
  const request = { params: new URLSearchParams(), headers: {} };
  await authenticator.authorize(request);
  return request;
}

describe('OAuth2Authenticator', () => {
  it('uses the access token the config holds while it is valid, with no grant', async () => {
    const { authenticator, grants } = authenticatorAt(EXPIRY_MS - 6 * 60_000, {
      accessToken: 'held-access',
      expiresAtMs: EXPIRY_MS,
    });
    expect((await authorized(authenticator)).headers).toEqual({
      Authorization: 'Bearer held-access',
    });
    expect(grants).toEqual([]);
  });

  it('refreshes a held token about to expire, and hands over all three values', async () => {
    const now = EXPIRY_MS - 60_000;
    const { authenticator, grants, issued } = authenticatorAt(now, {
      accessToken: 'held-access',
      expiresAtMs: EXPIRY_MS,
    });
    expect((await authorized(authenticator)).headers.Authorization).toBe('Bearer access-1');
    expect(grants).toEqual(['refresh-0']);
    expect(issued).toEqual([
      {
        accessToken: 'access-1',
        refreshToken: 'refresh-1',
        accessTokenExpiresAtMs: now + 3600_000,
      },
    ]);
  });

  it('refreshes before first use when the expiry is unknown', async () => {
    const { authenticator, grants } = authenticatorAt(0, { accessToken: 'held-access' });
    expect((await authorized(authenticator)).headers.Authorization).toBe('Bearer access-1');
    expect(grants).toEqual(['refresh-0']);
  });

  it('a 401 refreshes once: a request refused with a token already replaced only retries', async () => {
    const { authenticator, grants } = authenticatorAt(0, {
      accessToken: 'held-access',
      expiresAtMs: EXPIRY_MS,
    });
    const first = await authorized(authenticator);
    const second = await authorized(authenticator);
    expect(await authenticator.recoverFromUnauthorized(first)).toBe(true);
    expect(await authenticator.recoverFromUnauthorized(second)).toBe(true);
    expect(grants).toEqual(['refresh-0']);
    expect((await authorized(authenticator)).headers.Authorization).toBe('Bearer access-1');
  });
});
