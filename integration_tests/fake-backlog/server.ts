/**
 * FakeBacklog: the HTTP side of the fake (node:http on 127.0.0.1, free port). Per request it
 * records the request, runs the onRequest hooks, waits the latency, applies the rate limit,
 * then a fault if one is due, then authentication and the API handler. Every response carries
 * a `Date` header from the store's clock (`options.now`), so a client can read server time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator } from './auth';
import { ApiError, ErrorCode, errorBody } from './errors';
import { FaultInjector, type QueuedFault } from './faults';
import { generate, type GenerateOptions } from './generate';
import { bucketFor, RateLimiter, type RateLimitState } from './rate-limit';
import { handleApi, type ApiContext, type ApiResponse } from './routes';
import { FakeBacklogStore } from './store';
import { assertTimeZone } from './time';
import type { FakeBacklogOptions, FaultKind, RateLimitOptions, RecordedRequest } from './types';

const API_PREFIX = '/api/v2';
const TOKEN_PATH = '/api/v2/oauth2/token';
const CONSENT_PATH = '/OAuth2AccessRequest.action';
const JSON_TYPE = 'application/json; charset=utf-8';
const UNAVAILABLE_HTML =
  '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>' +
  '<body><h1>Service Temporarily Unavailable</h1><p>Backlog is under maintenance.</p></body></html>';

type SeedOptions = Omit<GenerateOptions, 'isAdmin' | 'timeZone'>;

/** The generator's options: `options`, or where it says nothing, the documented defaults. */
function seedOptions(options: FakeBacklogOptions): SeedOptions {
  const defaults: SeedOptions = {
    seed: 1,
    projects: 3,
    users: 5,
    issues: 30,
    commentsPerIssue: 2,
    commentsForIssue: {},
    archivedProjectKeys: [],
    featuresOffProjectKeys: [],
    wikisPerProject: 2,
    documentsPerProject: 2,
    repositoriesPerProject: 1,
    pullRequestsPerRepository: 3,
    commentsPerPullRequest: 2,
    teams: 2,
    sharedFilesPerDirectory: 2,
    sharedFilesForDirectory: {},
    sharedFileDepth: 3,
  };
  const chosen: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(defaults) as Array<keyof SeedOptions>) {
    chosen[key] = options[key] ?? defaults[key];
  }
  return chosen as SeedOptions;
}

export type RequestHook = (req: RecordedRequest) => void | Promise<void>;

export interface RequestFilter {
  pathPrefix?: string;
  bucket?: string;
  status?: number;
}

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class FakeBacklog {
  readonly url: string;
  readonly store: FakeBacklogStore;
  readonly requests: RecordedRequest[] = [];
  private readonly hooks: RequestHook[] = [];
  private readonly rateLimiter: RateLimiter;
  private readonly faults: FaultInjector;
  private readonly auth: Authenticator;
  private readonly api: ApiContext;
  private latencyMs: number;
  /** The store's clock; also the `Date` response header. */
  readonly now: () => Date;

  private constructor(
    private readonly server: Server,
    port: number,
    store: FakeBacklogStore,
    options: FakeBacklogOptions,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.store = store;
    this.now = clockOf(options);
    const seed = options.seed ?? 1;
    this.latencyMs = options.latencyMs ?? 0;
    const realTime = options.realTime ?? Date.now;
    this.rateLimiter = new RateLimiter(options.rateLimit, realTime);
    this.faults = new FaultInjector(seed);
    this.auth = new Authenticator(
      options.apiKey ?? 'test-api-key',
      options.accessTokens ?? [],
      options.oauth,
      realTime,
    );
    let tieSeed = seed * 7919;
    this.api = {
      store,
      rateLimiter: this.rateLimiter,
      timeZone: options.timeZone ?? 'Asia/Tokyo',
      tieOrder: options.tieOrder ?? 'id',
      nextTieSeed: () => ++tieSeed,
    };
  }

  static async start(options: FakeBacklogOptions = {}): Promise<FakeBacklog> {
    const timeZone = options.timeZone ?? 'Asia/Tokyo';
    assertTimeZone(timeZone);
    const isAdmin = options.isAdmin ?? true;
    const seed = generate({ ...seedOptions(options), isAdmin, timeZone });
    const store = new FakeBacklogStore(seed, {
      now: clockOf(options),
      isAdmin,
      notJoinedProjectKeys: options.notJoinedProjectKeys ?? [],
      activityOnCommentEdit: options.activityOnCommentEdit ?? false,
    });
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const fake = new FakeBacklog(server, (server.address() as AddressInfo).port, store, options);
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          const body = Buffer.from(JSON.stringify(errorBody(String(err), ErrorCode.InternalError)));
          res.writeHead(500, {
            'Content-Type': JSON_TYPE,
            'Content-Length': body.length,
            Date: fake.now().toUTCString(),
          });
          res.end(body);
        } else {
          res.destroy();
        }
      });
    });
    return fake;
  }

  requestCount(filter: RequestFilter = {}): number {
    return this.requests.filter(
      (r) =>
        (filter.pathPrefix === undefined || r.path.startsWith(filter.pathPrefix)) &&
        (filter.bucket === undefined || r.bucket === filter.bucket) &&
        (filter.status === undefined || r.status === filter.status),
    ).length;
  }

  resetRequestLog(): void {
    this.requests.length = 0;
  }

  onRequest(hook: RequestHook): void {
    this.hooks.push(hook);
  }

  /** Extra: removes all onRequest hooks. */
  clearHooks(): void {
    this.hooks.length = 0;
  }

  injectFault(fault: QueuedFault): void {
    this.faults.inject(fault);
  }

  setFaultRate(rate: number, kinds?: FaultKind[]): void {
    this.faults.setRate(rate, kinds);
  }

  /** Extra: drops queued faults and sets the fault rate to 0. */
  clearFaults(): void {
    this.faults.clear();
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Replaces the rate-limit configuration and starts every bucket afresh. */
  setRateLimit(opts: RateLimitOptions | undefined): void {
    this.rateLimiter.configure(opts);
  }

  /** Extra: expires every OAuth access token issued so far (next use answers 401 "expired"). */
  expireAccessTokens(): void {
    this.auth.expireAccessTokens();
  }

  /** Extra: would the token endpoint accept this refresh token now? */
  isLiveRefreshToken(token: string): boolean {
    return this.auth.isLiveRefreshToken(token);
  }

  /** Extra: would the API accept this bearer token now? */
  isLiveAccessToken(token: string): boolean {
    return this.auth.isLiveAccessToken(token);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- request pipeline ----------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      status: 0,
      bucket: bucketFor(method, url.pathname),
      at: Date.now(),
      headers: req.headers,
    };
    this.requests.push(record);
    for (const hook of this.hooks) await hook(record);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));

    const limit = this.rateLimiter.take(record.bucket);
    const rateHeaders = rateLimitHeaders(limit);
    if (!limit.allowed) {
      const error = new ApiError(429, ErrorCode.TooManyRequestsError, 'Too many requests.');
      return this.send(res, record, jsonOutcome(429, error.body(), rateHeaders));
    }

    const fault = this.faults.next(url.pathname);
    if (fault) record.fault = fault;
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === '5xx') {
      const status = this.faults.nextServerErrorStatus();
      const outcome =
        status === 500
          ? jsonOutcome(
              500,
              errorBody('Internal server error.', ErrorCode.InternalError),
              rateHeaders,
            )
          : {
              status: 503,
              headers: { ...rateHeaders, 'Content-Type': 'text/html; charset=utf-8' },
              body: Buffer.from(UNAVAILABLE_HTML),
            };
      return this.send(res, record, outcome);
    }

    const outcome = this.respond(method, url, req, body, rateHeaders);
    if (fault === 'truncate') {
      record.status = outcome.status;
      res.writeHead(outcome.status, {
        ...outcome.headers,
        'Content-Length': String(outcome.body.length),
        Date: this.now().toUTCString(),
      });
      res.write(outcome.body.subarray(0, Math.floor(outcome.body.length / 2)), () =>
        res.socket?.destroy(),
      );
      return;
    }
    this.send(res, record, outcome);
  }

  private respond(
    method: string,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    rateHeaders: Record<string, string>,
  ): Outcome {
    if (url.pathname === TOKEN_PATH && method === 'POST') {
      const token = this.auth.token(new URLSearchParams(body.toString('utf8')));
      return jsonOutcome(token.status, token.body, { ...rateHeaders, 'Cache-Control': 'no-store' });
    }
    if (url.pathname === CONSENT_PATH && method === 'GET') {
      const consent = this.auth.consent(url.searchParams);
      if (consent.status === 400) return jsonOutcome(400, consent.body, rateHeaders);
      return { status: 302, headers: { Location: consent.location }, body: Buffer.alloc(0) };
    }
    try {
      if (!url.pathname.startsWith(`${API_PREFIX}/`))
        throw new ApiError(404, ErrorCode.NoResourceError, 'No such resource.');
      this.auth.authenticate(url.searchParams, req.headers.authorization);
      const result: ApiResponse = handleApi(this.api, {
        method,
        path: url.pathname.slice(API_PREFIX.length),
        query: url.searchParams,
      });
      if (result.raw) {
        return {
          status: result.status,
          headers: { ...rateHeaders, 'Content-Type': result.raw.contentType },
          body: result.raw.data,
        };
      }
      return jsonOutcome(result.status, result.body, rateHeaders);
    } catch (err) {
      if (err instanceof ApiError) {
        return jsonOutcome(err.status, err.body(), { ...rateHeaders, ...err.headers });
      }
      throw err;
    }
  }

  private send(res: ServerResponse, record: RecordedRequest, outcome: Outcome): void {
    record.status = outcome.status;
    res.writeHead(outcome.status, {
      ...outcome.headers,
      'Content-Length': String(outcome.body.length),
      Date: this.now().toUTCString(),
    });
    res.end(outcome.body);
  }
}

function clockOf(options: FakeBacklogOptions): () => Date {
  return options.now ?? (() => new Date());
}

function jsonOutcome(status: number, body: unknown, headers: Record<string, string>): Outcome {
  return {
    status,
    headers: { ...headers, 'Content-Type': JSON_TYPE },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(state.reset),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
