export interface AuthenticatedRequest {
  params: URLSearchParams;
  headers: Record<string, string>;
}

export interface Authenticator {
  /** Adds credentials to a request about to be sent. */
  authorize(request: AuthenticatedRequest): Promise<void>;
  /**
   * Called when Backlog answered 401 to `refused` (the request as it was authorised); true when
   * newer credentials exist and the request may be retried.
   */
  recoverFromUnauthorized(refused: AuthenticatedRequest): Promise<boolean>;
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
