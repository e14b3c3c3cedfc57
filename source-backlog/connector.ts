import { ApiKeyAuthenticator, AccessTokenAuthenticator, type Authenticator } from './backlog/auth';
import type { RetryPolicy } from './backlog/backoff';
import { BacklogClient, createHttp } from './backlog/client';
import { systemClock, type Clock } from './backlog/clock';
import { OAuth2Authenticator } from './backlog/oauth2';
import { RateLimitGovernor } from './backlog/rate-limit';
import { secretsOf, type BacklogConfig } from './config/config';
import type { MessageWriter } from './protocol/output';
import { ProjectScope } from './stream/project-scope';

export interface Connection {
  client: BacklogClient;
  projects: ProjectScope;
  governor: RateLimitGovernor;
}

/** An unreadable or absent expiry counts as expired: the token is refreshed before first use. */
function expiryMs(tokenExpiryDate: string | undefined): number | undefined {
  const ms = tokenExpiryDate === undefined ? NaN : Date.parse(tokenExpiryDate);
  return Number.isNaN(ms) ? undefined : ms;
}

function authenticatorFor(
  config: BacklogConfig,
  out: MessageWriter,
  clock: Clock,
  http: ReturnType<typeof createHttp>,
  retry: RetryPolicy | undefined,
): Authenticator {
  const credentials = config.credentials;
  switch (credentials.auth_type) {
    case 'api_key':
      return new ApiKeyAuthenticator(credentials.api_key);
    case 'access_token':
      return new AccessTokenAuthenticator(credentials.access_token);
    case 'oauth2':
      return new OAuth2Authenticator({
        http,
        tokenUrl: `${config.apiBaseUrl}/oauth2/token`,
        clientId: credentials.client_id,
        clientSecret: credentials.client_secret,
        refreshToken: credentials.refresh_token,
        accessToken: credentials.access_token,
        accessTokenExpiresAtMs: expiryMs(credentials.token_expiry_date),
        clock,
        redactor: out.redactor,
        onTokensIssued: (tokens) => {
          // The platform stores this config for the next run: the spent refresh token may be dead.
          out.configUpdate({
            ...config.original,
            credentials: {
              ...credentials,
              refresh_token: tokens.refreshToken,
              access_token: tokens.accessToken,
              token_expiry_date: new Date(tokens.accessTokenExpiresAtMs).toISOString(),
            },
          });
        },
        retry,
      });
  }
}

/** Builds the client and shared scope for one run of the connector. */
export function connect(
  config: BacklogConfig,
  out: MessageWriter,
  options: { clock?: Clock; retry?: RetryPolicy } = {},
): Connection {
  const clock = options.clock ?? systemClock;
  for (const secret of secretsOf(config.credentials)) out.redactor.addSecret(secret);
  const http = createHttp(config.requestTimeoutMs);
  const governor = new RateLimitGovernor(config.rateLimitShare, clock, (bucket, ms) => {
    if (ms >= 1000)
      out.info(`Pacing the ${bucket} rate-limit bucket: waiting ${Math.round(ms / 100) / 10} s`);
  });
  const client = new BacklogClient({
    apiBaseUrl: config.apiBaseUrl,
    http,
    auth: authenticatorFor(config, out, clock, http, options.retry),
    governor,
    concurrency: config.concurrency,
    clock,
    redactor: out.redactor,
    logger: out,
    retry: options.retry,
  });
  return { client, governor, projects: new ProjectScope(client, config.projectKeys) };
}
