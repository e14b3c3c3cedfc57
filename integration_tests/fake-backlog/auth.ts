/**
 * Authentication: the `apiKey` query parameter, or `Authorization: Bearer` with a static token
 * or one issued by the OAuth refresh grant (POST /api/v2/oauth2/token).
 */
import { randomBytes } from 'node:crypto';
import { ApiError, ErrorCode } from './errors';
import type { OAuthOptions } from './types';

export const DEFAULT_ACCESS_TOKEN_TTL_SEC = 3600;

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

export class Authenticator {
  /** Issued OAuth access tokens and their expiry (epoch ms, real clock). */
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  private readonly staticTokens: Set<string>;

  constructor(
    private readonly apiKey: string,
    staticTokens: string[],
    private readonly oauth: OAuthOptions | undefined,
  ) {
    this.staticTokens = new Set(staticTokens);
    if (oauth) this.refreshTokens.add(oauth.refreshToken);
  }

  /** Throws a 401 ApiError unless the request carries valid credentials. */
  authenticate(query: URLSearchParams, authorization: string | undefined): void {
    const key = query.get('apiKey');
    if (key !== null) {
      if (key === this.apiKey) return;
      throw authenticationFailure();
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (!bearer) throw authenticationFailure();
    const token = bearer[1].trim();
    if (this.staticTokens.has(token)) return;
    const expiresAt = this.accessTokens.get(token);
    if (expiresAt === undefined) throw bearerFailure('The access token is invalid');
    if (Date.now() >= expiresAt) throw bearerFailure('The access token expired');
  }

  /**
   * The refresh-token grant. Every call issues a new access token and a new refresh token;
   * all refresh tokens ever issued (and the configured one) stay valid.
   */
  token(form: URLSearchParams): TokenResponse {
    const oauth = this.oauth;
    if (form.get('grant_type') !== 'refresh_token') {
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'Grant type is not supported.',
        },
      };
    }
    const valid =
      oauth !== undefined &&
      form.get('client_id') === oauth.clientId &&
      form.get('client_secret') === oauth.clientSecret &&
      this.refreshTokens.has(form.get('refresh_token') ?? '');
    if (!valid) {
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Grant is invalid.' },
      };
    }
    const ttl = oauth.accessTokenTtlSec ?? DEFAULT_ACCESS_TOKEN_TTL_SEC;
    const accessToken = randomBytes(24).toString('hex');
    const refreshToken = randomBytes(24).toString('hex');
    this.accessTokens.set(accessToken, Date.now() + ttl * 1000);
    this.refreshTokens.add(refreshToken);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: ttl,
        refresh_token: refreshToken,
      },
    };
  }

  /** Test helper: every issued OAuth access token is expired from now on. */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
  }
}

function authenticationFailure(): ApiError {
  return new ApiError(401, ErrorCode.AuthenticationError, 'Authentication failure.');
}

function bearerFailure(description: string): ApiError {
  return new ApiError(401, ErrorCode.AuthenticationError, 'Authentication failure.', {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"`,
  });
}
