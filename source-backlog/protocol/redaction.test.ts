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
});
