import { PassThrough } from 'node:stream';
import { configError, systemError } from './failures';
import { MessageWriter } from './output';
import { Redactor } from './redaction';

describe('Redactor', () => {
  it('masks apiKey query values and registered secrets, raw or URL-encoded', () => {
    const redactor = new Redactor();
    redactor.addSecret('s3cr3t/+key');
    const text =
      'GET https://a.backlog.com/api/v2/issues?apiKey=abc123&count=100 failed; token s3cr3t/+key or s3cr3t%2F%2Bkey';
    const redacted = redactor.redact(text);
    expect(redacted).not.toContain('abc123');
    expect(redacted).not.toContain('s3cr3t');
    expect(redacted).toContain('apiKey=***&count=100');
  });

  it('masks an apiKey parameter whatever its case or place in the query', () => {
    const redactor = new Redactor();
    expect(redactor.redact('https://a.backlog.jp/api/v2/space?APIKEY=Zz9')).toBe(
      'https://a.backlog.jp/api/v2/space?APIKEY=***',
    );
    expect(redactor.redact('/api/v2/users?count=1&apikey=k#x')).toBe(
      '/api/v2/users?count=1&apikey=***#x',
    );
  });

  it('masks every occurrence, and a secret registered later from then on', () => {
    const redactor = new Redactor();
    redactor.addSecret('first-token');
    expect(redactor.redact('first-token then first-token')).toBe('*** then ***');
    expect(redactor.redact('rotated-token')).toBe('rotated-token');
    redactor.addSecret('rotated-token');
    expect(redactor.redact('rotated-token after first-token')).toBe('*** after ***');
  });

  it('ignores values too short to be secrets, which would mask ordinary text', () => {
    const redactor = new Redactor();
    redactor.addSecret('abc');
    redactor.addSecret('');
    redactor.addSecret(undefined);
    expect(redactor.redact('abc def')).toBe('abc def');
  });
});

describe('MessageWriter redaction', () => {
  async function written(emit: (out: MessageWriter) => void) {
    const stdout = new PassThrough();
    const chunks: string[] = [];
    stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const out = new MessageWriter(stdout);
    out.redactor.addSecret('the-api-key-1');
    emit(out);
    await out.flush();
    return chunks.join('');
  }

  it('masks secrets in logs and in every field of an error trace', async () => {
    const failure = systemError(
      'Backlog failed for key the-api-key-1',
      'GET /api/v2/space?apiKey=the-api-key-1 answered 500',
    );
    failure.stack = `Error: the-api-key-1\n    at read (client.js:1:1)`;
    const text = await written((out) => {
      out.warn('retrying with the-api-key-1');
      out.traceError(failure);
      out.traceError(configError('bad key the-api-key-1'));
    });
    expect(text).not.toContain('the-api-key-1');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0].log.message).toBe('retrying with ***');
    expect(lines[1].trace.error).toMatchObject({
      message: 'Backlog failed for key ***',
      internal_message: 'GET /api/v2/space?apiKey=*** answered 500',
      stack_trace: 'Error: ***\n    at read (client.js:1:1)',
    });
  });

  it('leaves the CONTROL config whole: the platform must store the rotated secret', async () => {
    const text = await written((out) => out.configUpdate({ api_key: 'the-api-key-1' }));
    expect(JSON.parse(text).control.connectorConfig.config).toEqual({ api_key: 'the-api-key-1' });
  });
});
