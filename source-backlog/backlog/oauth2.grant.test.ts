import type { AxiosInstance } from 'axios';
import { ConnectorError, UnusableConfigError } from '../protocol/failures';
import { Redactor } from '../protocol/redaction';
import type { RetryPolicy } from './backoff';
import {
  failureOf,
  playNext,
  skippingClock,
  withoutJitter,
  type ScriptedAnswer as Answer,
} from './http.fixture';
import { type IssuedTokens, OAuth2Authenticator } from './oauth2';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const TOKEN_URL = 'https://acme.backlog.com/api/v2/oauth2/token';
const POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000, max429Waits: 20 };

const granted = (n: number, expiresIn = 3600): Answer => ({
  status: 200,
  data: JSON.stringify({
    access_token: `access-${n}`,
    refresh_token: `refresh-${n}`,
    expires_in: expiresIn,
  }),
});

/** The authenticator over a token endpoint that plays `answers`, on a clock the test moves. */
function authenticatorOver(
  answers: Answer[],
  held: { accessToken?: string; expiresAtMs?: number } = {},
) {
  const posts: Array<{ url: string; body: URLSearchParams; headers: Record<string, string> }> = [];
  const issued: IssuedTokens[] = [];
  const { clock, slept } = skippingClock(NOW);
  const http = {
    post: async (url: string, body: string, config: { headers: Record<string, string> }) => {
      posts.push({ url, body: new URLSearchParams(body), headers: config.headers });
      return playNext(answers);
    },
  } as unknown as AxiosInstance;
  const redactor = new Redactor();
  const authenticator = new OAuth2Authenticator({
    http,
    tokenUrl: TOKEN_URL,
    clientId: 'client-id',
    clientSecret: 'client-secret',
    refreshToken: 'refresh-0',
    accessToken: held.accessToken,
    accessTokenExpiresAtMs: held.expiresAtMs,
    clock,
    redactor,
    onTokensIssued: (tokens) => issued.push(tokens),
    retry: POLICY,
  });
  const authorize = async (): Promise<string> => {
    const request = { params: new URLSearchParams(), headers: {} as Record<string, string> };
    await authenticator.authorize(request);
    return request.headers.Authorization;
  };
  return { authenticator, authorize, posts, slept, issued, clock, redactor };
}

describe('OAuth2Authenticator token grants', () => {
  withoutJitter();

  it('posts a refresh_token grant as a form, and masks the tokens it gets', async () => {
    const { authorize, posts, redactor } = authenticatorOver([granted(1)]);
    expect(await authorize()).toBe('Bearer access-1');
    expect(posts).toHaveLength(1);
    expect(posts[0].url).toBe(TOKEN_URL);
    expect(Object.fromEntries(posts[0].body)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-id',
      client_secret: 'client-secret',
      refresh_token: 'refresh-0',
    });
    expect(posts[0].headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(redactor.redact('access-1 refresh-1')).toBe('*** ***');
  });

  it.each([500, 503, 408])('retries a %i after a backoff', async (status) => {
    const { authorize, posts, slept } = authenticatorOver([{ status }, granted(1)]);
    expect(await authorize()).toBe('Bearer access-1');
    expect(posts).toHaveLength(2);
    expect(slept).toEqual([100]);
  });

  it('retries a network failure and a cut-short 200, then gives up after maxRetries retries', async () => {
    const { authorize, posts, slept } = authenticatorOver([
      { throws: new Error('socket hang up') },
      { status: 200, data: '{"access_token":"acc' },
      { status: 502 },
      granted(1),
    ]);
    const error = await failureOf(authorize());
    expect(posts).toHaveLength(3);
    expect(slept).toEqual([100, 200]);
    expect((error as ConnectorError).failureType).toBe('transient_error');
    expect(error.message).toBe(
      `Could not refresh the OAuth access token at ${TOKEN_URL} after 3 attempts: HTTP 502`,
    );
  });

  it('after a 429 waits until X-RateLimit-Reset (plus a margin), or a minute without it', async () => {
    const resetAt = NOW + 20_000;
    const { authorize, slept } = authenticatorOver([
      {
        status: 429,
        headers: {
          'x-ratelimit-limit': '60',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(resetAt / 1000),
        },
      },
      { status: 429 },
      granted(1),
    ]);
    expect(await authorize()).toBe('Bearer access-1');
    expect(slept).toEqual([20_250, 60_000]);
  });

  it('waits at least a second and at most two minutes after a 429', async () => {
    const reset = (epochMs: number): Answer => ({
      status: 429,
      headers: {
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(epochMs / 1000),
      },
    });
    const { authorize, slept } = authenticatorOver([
      reset(NOW),
      reset(NOW + 3_600_000),
      granted(1),
    ]);
    await authorize();
    expect(slept).toEqual([1000, 120_000]);
  });

  it.each([
    [
      'an error body',
      { status: 400, data: '{"error":"invalid_grant","error_description":"expired"}' },
      '(HTTP 400, invalid_grant: expired)',
    ],
    [
      'only an error code',
      { status: 401, data: '{"error":"invalid_client"}' },
      '(HTTP 401, invalid_client)',
    ],
    ['a body that is not JSON', { status: 400, data: '<html>' }, '(HTTP 400)'],
    ['a 200 without an access token', { status: 200, data: '{"refresh_token":"r"}' }, '(HTTP 200)'],
  ])('stops the read on a refused grant: %s', async (_, answer, detail) => {
    const { authorize, posts, issued } = authenticatorOver([answer as Answer, granted(1)]);
    const error = await failureOf(authorize());
    expect(error).toBeInstanceOf(UnusableConfigError);
    expect(error.message).toContain(
      `Backlog rejected the OAuth refresh token at ${TOKEN_URL} ${detail}. Re-authorise`,
    );
    expect(posts).toHaveLength(1);
    expect(issued).toEqual([]);
  });

  it('refreshes again when the new token nears its expiry', async () => {
    const { authorize, posts, clock } = authenticatorOver([granted(1), granted(2)]);
    expect(await authorize()).toBe('Bearer access-1');
    clock.nowMs = NOW + 3600_000 - 5 * 60_000 - 1;
    expect(await authorize()).toBe('Bearer access-1');
    clock.nowMs += 1;
    expect(await authorize()).toBe('Bearer access-2');
    expect(posts.map((post) => post.body.get('refresh_token'))).toEqual(['refresh-0', 'refresh-1']);
  });

  it('renews a short-lived token at half its life, not five minutes ahead', async () => {
    const { authorize, posts, clock } = authenticatorOver([granted(1, 120), granted(2, 120)]);
    expect(await authorize()).toBe('Bearer access-1');
    clock.nowMs = NOW + 59_000;
    expect(await authorize()).toBe('Bearer access-1');
    clock.nowMs = NOW + 60_000;
    expect(await authorize()).toBe('Bearer access-2');
    expect(posts).toHaveLength(2);
  });

  it('names itself in the message of a rejected request', () => {
    expect(authenticatorOver([]).authenticator.description).toBe('OAuth 2.0 token');
  });
});
