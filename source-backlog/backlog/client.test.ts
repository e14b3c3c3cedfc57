import type { AxiosInstance } from 'axios';
import { UnusableConfigError } from '../protocol/failures';
import { Redactor } from '../protocol/redaction';
import { ApiKeyAuthenticator } from './auth';
import { BacklogClient } from './client';
import type { Clock } from './clock';
import { BacklogApiError } from './errors';
import { RateLimitGovernor } from './rate-limit';

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

const BACKLOG_404: Answer = {
  status: 404,
  contentType: 'application/json',
  body: JSON.stringify({ errors: [{ message: 'No project.', code: 6, moreInfo: '' }] }),
};
const HTML_404: Answer = { status: 404, contentType: 'text/html', body: '<html>Not Found</html>' };
const SPACE: Answer = {
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify({ spaceKey: 'acme' }),
};

/** A client whose HTTP transport answers each path as `answers` says (and never waits). */
function clientAnswering(answers: Record<string, Answer>): BacklogClient {
  const clock: Clock = { now: () => 0, sleep: async () => undefined };
  const http = {
    get: async (url: string) => {
      const answer = answers[new URL(url).pathname.replace('/api/v2', '')];
      return {
        status: answer.status,
        headers: { 'content-type': answer.contentType },
        data: answer.body,
      };
    },
  } as unknown as AxiosInstance;
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  return new BacklogClient({
    apiBaseUrl: 'https://acme.backlog.com/api/v2',
    http,
    auth: new ApiKeyAuthenticator('key-1234'),
    governor: new RateLimitGovernor(1, clock),
    concurrency: 1,
    clock,
    redactor: new Redactor(),
    logger: silent,
  });
}

async function failureOf(request: Promise<unknown>): Promise<unknown> {
  return request.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('which failures no stream can get past', () => {
  it('credentials Backlog rejects', async () => {
    const client = clientAnswering({
      '/space': {
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ errors: [{ message: 'Authentication failure.', code: 11 }] }),
      },
    });
    const error = await failureOf(client.get('/space'));
    expect(error).toBeInstanceOf(UnusableConfigError);
    expect((error as Error).message).toMatch(/Backlog rejected the API key/);
  });

  it('an answer no Backlog API gives, before anything answered as Backlog: not a Backlog space', async () => {
    const error = await failureOf(clientAnswering({ '/space': HTML_404 }).get('/space'));
    expect(error).toBeInstanceOf(UnusableConfigError);
    expect((error as Error).message).toMatch(/does not look like a Backlog space/);
  });

  it('not the same answer once the host has answered as Backlog: it fails one stream', async () => {
    const client = clientAnswering({ '/space': SPACE, '/projects/A/categories': HTML_404 });
    await client.get('/space');
    const error = await failureOf(client.get('/projects/A/categories'));
    expect(error).toBeInstanceOf(BacklogApiError);
    expect(error).not.toBeInstanceOf(UnusableConfigError);
  });

  it('not a Backlog error answer, such as a project that is gone', async () => {
    const error = await failureOf(
      clientAnswering({ '/projects/A': BACKLOG_404 }).get('/projects/A'),
    );
    expect(error).toBeInstanceOf(BacklogApiError);
    expect(error).not.toBeInstanceOf(UnusableConfigError);
  });
});
