import type { AxiosInstance } from 'axios';
import { configError, transientError } from '../protocol/failures';
import type { Redactor } from '../protocol/redaction';
import type { Clock } from './clock';

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
  ) {
    this.refreshToken = refreshToken;
  }

  async authorize(request: AuthenticatedRequest): Promise<void> {
    if (!this.accessToken || this.clock.now() >= this.expiresAtMs - REFRESH_MARGIN_MS) {
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
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      refresh_token: this.refreshToken,
    });
    let status: number;
    let data: TokenResponse;
    try {
      const response = await this.http.post(this.tokenUrl, body.toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        responseType: 'text',
        transformResponse: (raw: unknown) => raw,
        validateStatus: () => true,
      });
      status = response.status;
      data = JSON.parse(String(response.data || '{}')) as TokenResponse;
    } catch (error) {
      throw transientError(
        `Could not refresh the OAuth access token at ${this.tokenUrl}: ${(error as Error).message}`,
      );
    }
    if (status >= 500) {
      throw transientError(`Backlog's token endpoint ${this.tokenUrl} answered HTTP ${status}`);
    }
    if (status !== 200 || !data.access_token) {
      const reason = [data.error, data.error_description].filter(Boolean).join(': ');
      throw configError(
        `Backlog rejected the OAuth refresh token at ${this.tokenUrl} (HTTP ${status}${reason ? `, ${reason}` : ''}). Re-authorise the connector to get a new refresh token, and check client_id and client_secret.`,
      );
    }
    this.accessToken = data.access_token;
    this.redactor.addSecret(data.access_token);
    this.expiresAtMs = this.clock.now() + (data.expires_in ?? 3600) * 1000;
    if (data.refresh_token && data.refresh_token !== this.refreshToken) {
      this.refreshToken = data.refresh_token;
      this.redactor.addSecret(data.refresh_token);
      this.onRefreshTokenRotated(data.refresh_token);
    }
  }
}
