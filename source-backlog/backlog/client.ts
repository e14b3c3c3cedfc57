import axios, { type AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { configError, systemError, transientError, unusableConfig } from '../protocol/failures';
import type { Logger } from '../protocol/output';
import type { Redactor } from '../protocol/redaction';
import type { AuthenticatedRequest, Authenticator } from './auth';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import { bucketFor, type RateLimitBucket } from './buckets';
import type { Clock } from './clock';
import { BacklogApiError, parseBacklogErrorBody } from './errors';
import { parseRateLimitHeaders, type RateLimitGovernor } from './rate-limit';
import { Semaphore } from './semaphore';

export type QueryValue = string | number | boolean | undefined | Array<string | number>;
export type QueryParams = Record<string, QueryValue>;

export interface BacklogClientOptions {
  apiBaseUrl: string;
  http: AxiosInstance;
  auth: Authenticator;
  governor: RateLimitGovernor;
  concurrency: number;
  clock: Clock;
  redactor: Redactor;
  logger: Logger;
  retry?: RetryPolicy;
}

export interface ClientStats {
  requests: number;
  retries: number;
  byBucket: Record<RateLimitBucket, number>;
}

/** Network failures worth another try: resets, timeouts, bodies cut short. */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ERR_BAD_RESPONSE',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
]);

class RetryableFailure extends Error {}

export function createHttp(timeoutMs: number): AxiosInstance {
  return axios.create({
    timeout: timeoutMs,
    // Parsed by us: axios would silently hand back a string for a truncated JSON body.
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    headers: { Accept: 'application/json', 'User-Agent': 'source-backlog (Airbyte connector)' },
  });
}

export function serializeQuery(params: QueryParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.append(key, String(value));
  }
  return search;
}

/**
 * The one door to Backlog: authentication, the rate-limit governor, bounded concurrency, retries
 * with jittered exponential backoff, and Backlog error bodies turned into typed errors.
 */
export class BacklogClient {
  private readonly semaphore: Semaphore;
  private readonly retry: RetryPolicy;
  readonly stats: ClientStats = {
    requests: 0,
    retries: 0,
    byBucket: { read: 0, search: 0, update: 0, icon: 0 },
  };

  private latestServerTimeMs: number | undefined;
  /**
   * Set by the first answer that looks like Backlog's API. Until then, an answer no Backlog API
   * gives means the host is not a Backlog space, and no stream can be read; after, it is one odd
   * answer (a proxy, say) that fails one stream.
   */
  private answeredAsBacklog = false;

  constructor(private readonly options: BacklogClientOptions) {
    this.semaphore = new Semaphore(options.concurrency);
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  get apiBaseUrl(): string {
    return this.options.apiBaseUrl;
  }

  /** GET `path` (relative to /api/v2) and return the parsed JSON body. */
  async get<T>(path: string, params: QueryParams = {}): Promise<T> {
    const bucket = bucketFor('GET', path);
    let failures = 0;
    let rateLimitWaits = 0;
    let authRecovered = false;
    for (;;) {
      const outcome = await this.attempt(path, params, bucket);
      if (outcome.kind === 'ok') return outcome.body as T;
      if (outcome.kind === 'rate-limited') {
        rateLimitWaits += 1;
        if (rateLimitWaits > this.retry.max429Waits) {
          throw transientError(
            `Backlog kept answering 429 Too Many Requests for ${this.describeUrl(path)} after ${this.retry.max429Waits} waits; the user's rate limit is exhausted by other clients. Try again later or lower rate_limit_share.`,
          );
        }
        continue;
      }
      if (outcome.kind === 'unauthorized' && !authRecovered) {
        authRecovered = true;
        if (await this.options.auth.recoverFromUnauthorized(outcome.refused)) continue;
      }
      if (outcome.kind === 'unauthorized' || outcome.kind === 'fatal') throw outcome.error;
      failures += 1;
      if (failures > this.retry.maxRetries) {
        throw transientError(
          `Backlog did not answer ${this.describeUrl(path)} successfully after ${this.retry.maxRetries + 1} attempts: ${outcome.error.message}`,
        );
      }
      this.stats.retries += 1;
      const delay = backoffDelay(this.retry, failures);
      this.options.logger.warn(
        `Retrying ${this.describeUrl(path)} in ${delay} ms (attempt ${failures + 1}): ${outcome.error.message}`,
      );
      await this.options.clock.sleep(delay);
    }
  }

  /**
   * The latest server time seen, from the HTTP `Date` header (whole seconds), or undefined before
   * the first answer. Backlog stamps `updated` with its own clock, not ours.
   */
  get serverTimeMs(): number | undefined {
    return this.latestServerTimeMs;
  }

  describeUrl(path: string, params?: URLSearchParams): string {
    const query = params?.toString();
    return this.options.redactor.redact(
      `${this.options.apiBaseUrl}${path}${query ? `?${query}` : ''}`,
    );
  }

  private async attempt(
    path: string,
    params: QueryParams,
    bucket: RateLimitBucket,
  ): Promise<
    | { kind: 'ok'; body: unknown }
    | { kind: 'rate-limited' }
    | { kind: 'unauthorized'; error: Error; refused: AuthenticatedRequest }
    | { kind: 'fatal' | 'retryable'; error: Error }
  > {
    const release = await this.semaphore.acquire();
    await this.options.governor.acquire(bucket);
    let response: AxiosResponse<string> | undefined;
    let sentAtMs = 0;
    const sent: AuthenticatedRequest = { params: serializeQuery(params), headers: {} };
    try {
      await this.options.auth.authorize(sent);
      this.stats.requests += 1;
      this.stats.byBucket[bucket] += 1;
      sentAtMs = this.options.clock.now();
      response = await this.options.http.get<string>(`${this.options.apiBaseUrl}${path}`, {
        params: sent.params,
        headers: sent.headers,
      });
    } catch (error) {
      this.options.governor.release(bucket, undefined);
      release();
      return this.classifyNetworkError(error, path);
    }
    this.noteServerTime(response.headers.date);
    const rateLimit = parseRateLimitHeaders(response.headers as Record<string, unknown>);
    // A 429 says nothing about where a window starts.
    const timing =
      response.status === 429 ? undefined : { sentAtMs, receivedAtMs: this.options.clock.now() };
    this.options.governor.release(bucket, rateLimit, timing);
    release();

    const url = this.describeUrl(path);
    if (response.status === 429) {
      this.options.logger.info(`Rate limited (429) on the ${bucket} bucket; waiting for the reset`);
      await this.options.governor.backOffAfter429(bucket, rateLimit);
      return { kind: 'rate-limited' };
    }
    if (response.status >= 200 && response.status < 300) {
      const contentType = String(response.headers['content-type'] ?? '');
      if (contentType && !/json/i.test(contentType)) {
        return {
          kind: 'fatal',
          error: (this.answeredAsBacklog ? configError : unusableConfig)(
            `GET ${url} answered with ${contentType.split(';')[0]}, not JSON: the host does not look like a Backlog space. Check space_url.`,
          ),
        };
      }
      try {
        const body: unknown = JSON.parse(response.data);
        this.answeredAsBacklog = true;
        return { kind: 'ok', body };
      } catch {
        return {
          kind: 'retryable',
          error: new RetryableFailure(`the response body of ${url} is not complete JSON`),
        };
      }
    }
    const errors = parseBacklogErrorBody(response.data);
    const wwwAuthenticate = response.headers['www-authenticate'] as string | undefined;
    const apiError = new BacklogApiError(response.status, url, errors, wwwAuthenticate);
    if (response.status >= 500 || response.status === 408) {
      return { kind: 'retryable', error: apiError };
    }
    if (response.status === 401) {
      return { kind: 'unauthorized', error: this.unauthorizedError(apiError), refused: sent };
    }
    if (apiError.isForeign && !this.answeredAsBacklog) {
      return { kind: 'fatal', error: unusableConfig(apiError.message) };
    }
    if (!apiError.isForeign) this.answeredAsBacklog = true;
    return { kind: 'fatal', error: apiError };
  }

  private noteServerTime(dateHeader: unknown): void {
    const ms = typeof dateHeader === 'string' ? Date.parse(dateHeader) : Number.NaN;
    if (Number.isNaN(ms)) return;
    this.latestServerTimeMs = Math.max(this.latestServerTimeMs ?? ms, ms);
  }

  /** Backlog's 401 holds for every request: no stream can be read with these credentials. */
  private unauthorizedError(apiError: BacklogApiError): Error {
    if (apiError.isForeign) {
      return unusableConfig(
        `${apiError.message}. The host does not look like a Backlog space: check space_url.`,
      );
    }
    const what = this.options.auth.description;
    const mfa = apiError.codes.includes(12)
      ? ' The space requires two-factor authentication for this user.'
      : '';
    return unusableConfig(
      `Backlog rejected the ${what} (${apiError.message}).${mfa} Check that the credentials belong to a user of this space and have not been revoked.`,
    );
  }

  private classifyNetworkError(
    error: unknown,
    path: string,
  ): { kind: 'fatal' | 'retryable'; error: Error } {
    const axiosError = error as AxiosError;
    const code = axiosError.code ?? (axiosError.cause as { code?: string } | undefined)?.code;
    const url = this.describeUrl(path);
    if (error instanceof Error && !axios.isAxiosError(error)) {
      // Raised by our own authenticator (e.g. a rejected refresh token): already explained.
      return { kind: 'fatal', error };
    }
    if (code === 'ENOTFOUND') {
      return {
        kind: 'fatal',
        error: unusableConfig(
          `Cannot resolve the host of ${url}: check space_url (does the space exist?).`,
        ),
      };
    }
    if (code === 'CERT_HAS_EXPIRED' || code?.startsWith('ERR_TLS') || code?.includes('CERT')) {
      return {
        kind: 'fatal',
        error: unusableConfig(`TLS failure talking to ${url} (${code}): check space_url.`),
      };
    }
    const message = this.options.redactor.redact(
      `GET ${url} failed: ${code ?? ''} ${axiosError.message ?? String(error)}`.replace(
        /\s+/g,
        ' ',
      ),
    );
    if (!code || RETRYABLE_NETWORK_CODES.has(code) || /aborted|socket hang up/i.test(message)) {
      return { kind: 'retryable', error: new RetryableFailure(message) };
    }
    return { kind: 'fatal', error: systemError(message) };
  }
}
