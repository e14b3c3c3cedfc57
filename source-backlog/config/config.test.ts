import { parseConfig } from './config';
import { normalizeSpaceUrl } from './space-url';

const valid = {
  space_url: 'https://acme.backlog.com',
  credentials: { auth_type: 'api_key', api_key: 'k' },
};

describe('parseConfig', () => {
  it('applies defaults and derives the API base URL', () => {
    const config = parseConfig(valid);
    expect(config.apiBaseUrl).toBe('https://acme.backlog.com/api/v2');
    // The documented defaults (docs/configuration.md), pinned: a changed default is a decision.
    expect(config).toMatchObject({
      concurrency: 4,
      rateLimitShare: 0.5,
      requestTimeoutMs: 60_000,
      fullScanIntervalMs: 7 * 24 * 60 * 60 * 1000,
      lookbackMs: 5 * 60 * 1000,
    });
    expect(config.startDate).toBeUndefined();
    expect(config.projectKeys).toBeUndefined();
  });

  it('turns the given minutes, days and seconds into milliseconds', () => {
    const config = parseConfig({
      ...valid,
      lookback_window_minutes: 0,
      full_scan_days: 2,
      request_timeout_seconds: 30,
    });
    expect(config).toMatchObject({
      lookbackMs: 0,
      fullScanIntervalMs: 2 * 24 * 60 * 60 * 1000,
      requestTimeoutMs: 30_000,
    });
    expect(() => parseConfig({ ...valid, lookback_window_minutes: -1 })).toThrow(
      /lookback_window_minutes/,
    );
  });

  it('names the missing field of the chosen credentials type', () => {
    expect(() =>
      parseConfig({ ...valid, credentials: { auth_type: 'oauth2', client_id: 'c' } }),
    ).toThrow(/credentials\.client_secret.*required|credentials\.refresh_token.*required/);
    expect(() => parseConfig({ ...valid, credentials: { auth_type: 'api_key' } })).toThrow(
      /"credentials\.api_key" is required/,
    );
  });

  it('names an unknown auth type, a bad start date and a bad project key', () => {
    expect(() => parseConfig({ ...valid, credentials: { auth_type: 'password' } })).toThrow(
      /auth_type/,
    );
    expect(() => parseConfig({ ...valid, start_date: 'last tuesday' })).toThrow(/start_date/);
    expect(() => parseConfig({ ...valid, project_keys: ['ok', 'not a key'] })).toThrow(
      /project_keys\[1\]/,
    );
    expect(() => parseConfig({ credentials: valid.credentials })).toThrow(
      /"space_url" is required/,
    );
    expect(() => parseConfig({ ...valid, rate_limit_share: 2 })).toThrow(/rate_limit_share/);
  });

  it('normalises start_date to UTC', () => {
    expect(parseConfig({ ...valid, start_date: '2024-01-01T09:00:00+09:00' }).startDate).toBe(
      '2024-01-01T00:00:00Z',
    );
  });
});

describe('normalizeSpaceUrl', () => {
  it.each([
    ['https://acme.backlog.com', 'https://acme.backlog.com'],
    ['https://acme.backlog.com/', 'https://acme.backlog.com'],
    ['https://acme.backlog.jp/api/v2', 'https://acme.backlog.jp'],
    ['acme.backlogtool.com', 'https://acme.backlogtool.com'],
    ['https://acme.backlog.com/projects/DEV', 'https://acme.backlog.com'],
    ['https://acme.backlog.jp/view/DEV-12#comment-1', 'https://acme.backlog.jp'],
    ['https://backlog.example.co.jp/backlog/api/v2/', 'https://backlog.example.co.jp/backlog'],
    ['https://backlog.example.co.jp/backlog/dashboard', 'https://backlog.example.co.jp/backlog'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://localhost:3000/api/v2', 'http://localhost:3000'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeSpaceUrl(input)).toBe(expected);
  });

  it('refuses plain http to a remote host, and nonsense', () => {
    expect(() => normalizeSpaceUrl('http://acme.backlog.com')).toThrow(/https/);
    expect(() => normalizeSpaceUrl('ftp://acme.backlog.com')).toThrow(/https/);
    expect(() => normalizeSpaceUrl('https://')).toThrow(/not a valid address/);
  });
});
