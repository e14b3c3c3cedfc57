import type { AxiosInstance } from 'axios';
import { transientError, unusableConfig } from '../protocol/failures';
import type { Redactor } from '../protocol/redaction';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import type { Clock } from './clock';
import { parseRateLimitHeaders } from './rate-limit';

export interface AuthenticatedRequest {
  params: URLSearchParams;
  headers: Record<string, string>;
}

export interface Authenticator {
  /** Adds credentials to a request about to be sent. */
  authorize(request: AuthenticatedRequest): Promise<void>;
  /** Called on a 401; true when new credentials were obtained and the request may be retried. */
  recoverFromUnauthorized(): Promise<boolean>;
  readonly description: string;
}

export class ApiKeyAuthenticator implements Authenticator {
  readonly description = 'API key';
  constructor(private readonly apiKey: string) {}

  async authorize(request: AuthenticatedRequest): Promise<void> {
    request.params.set('apiKey', this.apiKey);
  }

  async recoverFromUnauthorized(): Promise<boolean> {
    return false;
  }
}

export class AccessTokenAuthenticator implements Authenticator {
  readonly description = 'access token';
  constructor(private readonly accessToken: string) {}

  async authorize(request: AuthenticatedRequest): Promise<void> {
    request.headers.Authorization = `Bearer ${this.accessToken}`;
  }

  async recoverFromUnauthorized(): Promise<boolean> {
    return false;
  }
}

interface TokenResponse {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  error?: string;
  error_description?: string;
}

// Backlog access tokens live an hour; refresh a little before they expire.
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * OAuth 2.0 refresh-token flow (POST /api/v2/oauth2/token). Backlog may rotate the refresh token;
 * the new one is handed to `onRefreshTokenRotated` so the platform can store it for the next sync.
 */
export class OAuth2Authenticator implements Authenticator {
  readonly description = 'OAuth 2.0 token';
  private accessToken?: string;
  private expiresAtMs = 0;
  private refreshMarginMs = REFRESH_MARGIN_MS;
  private refreshing?: Promise<void>;
  private refreshToken: string;

  constructor(
    private readonly http: AxiosInstance,
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    refreshToken: string,
    private readonly clock: Clock,
    private readonly redactor: Redactor,
    private readonly onRefreshTokenRotated: (refreshToken: string) => void,
    private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.refreshToken = refreshToken;
  }

  async authorize(request: AuthenticatedRequest): Promise<void> {
    if (!this.accessToken || this.clock.now() >= this.expiresAtMs - this.refreshMarginMs) {
      await this.refresh();
    }
    request.headers.Authorization = `Bearer ${this.accessToken}`;
  }

  async recoverFromUnauthorized(): Promise<boolean> {
    await this.refresh();
    return true;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.requestToken().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async requestToken(): Promise<void> {
    for (let failures = 0; ; failures++) {
      const outcome = await this.tokenAttempt();
      if (outcome.kind === 'ok') return this.accept(outcome.data);
      if (failures >= this.retry.maxRetries) {
        throw transientError(
          `Could not refresh the OAuth access token at ${this.tokenUrl} after ${failures + 1} attempts: ${outcome.reason}`,
        );
      }
      await this.clock.sleep(outcome.waitMs ?? backoffDelay(this.retry, failures + 1));
    }
  }

  private async tokenAttempt(): Promise<
    { kind: 'ok'; data: TokenResponse } | { kind: 'retry'; reason: string; waitMs?: number }
  > {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      refresh_token: this.refreshToken,
    });
    let response;
    try {
      response = await this.http.post<string>(this.tokenUrl, body.toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    } catch (error) {
      return { kind: 'retry', reason: this.redactor.redact((error as Error).message) };
    }
    const { status } = response;
    if (status === 429) {
      const reset = parseRateLimitHeaders(response.headers as Record<string, unknown>);
      const waitMs = reset ? reset.resetEpochSeconds * 1000 - this.clock.now() + 250 : 60_000;
      return {
        kind: 'retry',
        reason: 'HTTP 429',
        waitMs: Math.min(120_000, Math.max(1000, waitMs)),
      };
    }
    if (status >= 500 || status === 408) return { kind: 'retry', reason: `HTTP ${status}` };
    let data: TokenResponse;
    try {
      data = JSON.parse(String(response.data || '{}')) as TokenResponse;
    } catch {
      if (status === 200)
        return { kind: 'retry', reason: 'the token response is not complete JSON' };
      data = {};
    }
    if (status !== 200 || !data.access_token) {
      const reason = [data.error, data.error_description].filter(Boolean).join(': ');
      throw unusableConfig(
        `Backlog rejected the OAuth refresh token at ${this.tokenUrl} (HTTP ${status}${reason ? `, ${reason}` : ''}). Re-authorise the connector to get a new refresh token, and check client_id and client_secret.`,
      );
    }
    return { kind: 'ok', data };
  }

  private accept(data: TokenResponse): void {
    const accessToken = data.access_token!;
    this.accessToken = accessToken;
    this.redactor.addSecret(accessToken);
    const lifetimeMs = (data.expires_in ?? 3600) * 1000;
    this.expiresAtMs = this.clock.now() + lifetimeMs;
    // Refresh ahead of expiry, but never so early that a short-lived token is renewed every call.
    this.refreshMarginMs = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
    if (data.refresh_token && data.refresh_token !== this.refreshToken) {
      this.refreshToken = data.refresh_token;
      this.redactor.addSecret(data.refresh_token);
      this.onRefreshTokenRotated(data.refresh_token);
    }
  }
}
