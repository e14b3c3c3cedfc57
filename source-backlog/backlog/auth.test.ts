import { AccessTokenAuthenticator, ApiKeyAuthenticator } from './auth';

const blank = () => ({ params: new URLSearchParams(), headers: {} as Record<string, string> });

describe('static authenticators', () => {
  it('an API key goes in the apiKey query parameter, and a 401 cannot be recovered from', async () => {
    const request = blank();
    const auth = new ApiKeyAuthenticator('key-1234');
    await auth.authorize(request);
    expect(request.params.toString()).toBe('apiKey=key-1234');
    expect(request.headers).toEqual({});
    expect(await auth.recoverFromUnauthorized()).toBe(false);
    expect(auth.description).toBe('API key');
  });

  it('an access token goes in a Bearer header, and a 401 cannot be recovered from', async () => {
    const request = blank();
    const auth = new AccessTokenAuthenticator('tok-5678');
    await auth.authorize(request);
    expect(request.headers).toEqual({ Authorization: 'Bearer tok-5678' });
    expect(request.params.toString()).toBe('');
    expect(await auth.recoverFromUnauthorized()).toBe(false);
    expect(auth.description).toBe('access token');
  });
});
