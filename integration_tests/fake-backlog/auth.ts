/**
 * Authentication: the `apiKey` query parameter, or `Authorization: Bearer` with a static token
 * or one issued by the OAuth grants of POST /api/v2/oauth2/token (authorization code, refresh
 * token). GET /OAuth2AccessRequest.action stands for the consent page: it grants at once and
 * redirects back with a code, as Backlog does once the user clicks "Allow".
 */
import { randomBytes } from 'node:crypto';
import { ApiError, ErrorCode } from './errors';
import type { OAuthOptions } from './types';

export const DEFAULT_ACCESS_TOKEN_TTL_SEC = 3600;

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

export type ConsentResponse =
  { status: 302; location: string } | { status: 400; body: Record<string, unknown> };

const INVALID_GRANT: TokenResponse = {
  status: 400,
  body: { error: 'invalid_grant', error_description: 'Grant is invalid.' },
};

export class Authenticator {
  /** Issued OAuth access tokens and their expiry (epoch ms, real clock). */
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  /** Authorization codes not yet exchanged, with the redirect URI they were issued for. */
  private readonly authorizationCodes = new Map<string, string>();
  private readonly staticTokens: Set<string>;

  constructor(
    private readonly apiKey: string,
    staticTokens: string[],
    private readonly oauth: OAuthOptions | undefined,
    private readonly clock: () => number = Date.now,
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
    if (this.clock() >= expiresAt) throw bearerFailure('The access token expired');
  }

  /** The consent page, already agreed to: a code for `redirect_uri`, handed back with `state`. */
  consent(query: URLSearchParams): ConsentResponse {
    const redirectUri = query.get('redirect_uri');
    if (
      this.oauth === undefined ||
      query.get('response_type') !== 'code' ||
      query.get('client_id') !== this.oauth.clientId ||
      !redirectUri ||
      !URL.canParse(redirectUri)
    ) {
      return { status: 400, body: { error: 'invalid_request' } };
    }
    const code = randomBytes(16).toString('hex');
    this.authorizationCodes.set(code, redirectUri);
    const location = new URL(redirectUri);
    location.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) location.searchParams.set('state', state);
    return { status: 302, location: location.toString() };
  }

  /**
   * POST /api/v2/oauth2/token. Every grant issues a new access token and a new refresh token.
   * The refresh token sent stays valid unless `strictRotation` is on.
   */
  token(form: URLSearchParams): TokenResponse {
    const oauth = this.oauth;
    const grantType = form.get('grant_type');
    if (grantType !== 'refresh_token' && grantType !== 'authorization_code') {
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'Grant type is not supported.',
        },
      };
    }
    const client =
      oauth !== undefined &&
      form.get('client_id') === oauth.clientId &&
      form.get('client_secret') === oauth.clientSecret;
    if (!client) return INVALID_GRANT;
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const redirectUri = this.authorizationCodes.get(code);
      if (redirectUri === undefined || form.get('redirect_uri') !== redirectUri) {
        return INVALID_GRANT;
      }
      this.authorizationCodes.delete(code);
      return this.issue(oauth);
    }
    const presented = form.get('refresh_token') ?? '';
    if (!this.refreshTokens.has(presented)) return INVALID_GRANT;
    if (oauth.strictRotation) this.refreshTokens.delete(presented);
    return this.issue(oauth);
  }

  private issue(oauth: OAuthOptions): TokenResponse {
    const ttl = oauth.accessTokenTtlSec ?? DEFAULT_ACCESS_TOKEN_TTL_SEC;
    const accessToken = randomBytes(24).toString('hex');
    const refreshToken = randomBytes(24).toString('hex');
    this.accessTokens.set(accessToken, this.clock() + ttl * 1000);
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

  /** Test helper: would the token endpoint accept this refresh token now? */
  isLiveRefreshToken(token: string): boolean {
    return this.refreshTokens.has(token);
  }

  /** Test helper: would the API accept this bearer token now? */
  isLiveAccessToken(token: string): boolean {
    if (this.staticTokens.has(token)) return true;
    const expiresAt = this.accessTokens.get(token);
    return expiresAt !== undefined && this.clock() < expiresAt;
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
