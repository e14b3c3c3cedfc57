import type { AxiosInstance } from 'axios';
import { transientError, unusableConfig } from '../protocol/failures';
import type { Redactor } from '../protocol/redaction';
import type { AuthenticatedRequest, Authenticator } from './auth';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import type { Clock } from './clock';
import { parseRateLimitHeaders } from './rate-limit';

/** What one token grant hands over; the platform must store all of it for the next run. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms at which Backlog stops accepting the access token. */
  accessTokenExpiresAtMs: number;
}

export interface OAuth2Options {
  http: AxiosInstance;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** An access token the config already holds (from the OAuth flow or an earlier run). */
  accessToken?: string;
  /** When that access token expires (epoch ms); unknown means it is refreshed before first use. */
  accessTokenExpiresAtMs?: number;
  clock: Clock;
  redactor: Redactor;
  /** Called after every grant, before any request uses the new access token. */
  onTokensIssued: (tokens: IssuedTokens) => void;
  retry?: RetryPolicy;
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
const DEFAULT_LIFETIME_SEC = 3600;

/**
 * OAuth 2.0 with the refresh-token grant (POST /api/v2/oauth2/token). The access token the config
 * holds is used while it is valid: every refresh may retire the refresh token it spends (Backlog
 * does not say), so a run refreshes only when it must, and hands each new set of tokens to the
 * platform at once.
 */
export class OAuth2Authenticator implements Authenticator {
  readonly description = 'OAuth 2.0 token';
  private accessToken?: string;
  private expiresAtMs: number;
  private refreshMarginMs = REFRESH_MARGIN_MS;
  private refreshing?: Promise<void>;
  private refreshToken: string;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: OAuth2Options) {
    this.refreshToken = options.refreshToken;
    this.accessToken = options.accessToken;
    this.expiresAtMs = options.accessTokenExpiresAtMs ?? 0;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  async authorize(request: AuthenticatedRequest): Promise<void> {
    if (!this.accessToken || this.options.clock.now() >= this.expiresAtMs - this.refreshMarginMs) {
      await this.refresh();
    }
    request.headers.Authorization = bearer(this.accessToken!);
  }

  async recoverFromUnauthorized(refused: AuthenticatedRequest): Promise<boolean> {
    // Requests in flight together are refused together: only the first one refreshes.
    if (refused.headers.Authorization === bearer(this.accessToken ?? '')) await this.refresh();
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
          `Could not refresh the OAuth access token at ${this.options.tokenUrl} after ${failures + 1} attempts: ${outcome.reason}`,
        );
      }
      await this.options.clock.sleep(outcome.waitMs ?? backoffDelay(this.retry, failures + 1));
    }
  }

  private async tokenAttempt(): Promise<
    { kind: 'ok'; data: TokenResponse } | { kind: 'retry'; reason: string; waitMs?: number }
  > {
    const { http, tokenUrl, clientId, clientSecret, clock, redactor } = this.options;
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: clientId,
      client_secret: clientSecret,
      refresh_token: this.refreshToken,
    });
    let response;
    try {
      response = await http.post<string>(tokenUrl, body.toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    } catch (error) {
      return { kind: 'retry', reason: redactor.redact((error as Error).message) };
    }
    const { status } = response;
    if (status === 429) {
      const reset = parseRateLimitHeaders(response.headers as Record<string, unknown>);
      const waitMs = reset ? reset.resetEpochSeconds * 1000 - clock.now() + 250 : 60_000;
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
        `Backlog rejected the OAuth refresh token at ${tokenUrl} (HTTP ${status}${reason ? `, ${reason}` : ''}). Re-authorise the connector to get a new refresh token, and check client_id and client_secret.`,
      );
    }
    return { kind: 'ok', data };
  }

  private accept(data: TokenResponse): void {
    const { clock, redactor } = this.options;
    const accessToken = data.access_token!;
    redactor.addSecret(accessToken);
    const lifetimeMs = (data.expires_in ?? DEFAULT_LIFETIME_SEC) * 1000;
    // Refresh ahead of expiry, but never so early that a short-lived token is renewed every call.
    this.refreshMarginMs = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
    if (data.refresh_token) {
      this.refreshToken = data.refresh_token;
      redactor.addSecret(data.refresh_token);
    }
    this.accessToken = accessToken;
    this.expiresAtMs = clock.now() + lifetimeMs;
    this.options.onTokensIssued({
      accessToken,
      refreshToken: this.refreshToken,
      accessTokenExpiresAtMs: this.expiresAtMs,
    });
  }
}

function bearer(accessToken: string): string {
  return `Bearer ${accessToken}`;
}
