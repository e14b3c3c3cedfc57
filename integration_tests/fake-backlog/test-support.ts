/** HTTP helpers shared by the fake's own tests. */
import type { FakeBacklog } from './server';

export const KEY = 'test-api-key';

/** Parsed JSON of a reply; the tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

/** GET `${url}/api/v2${path}` with the apiKey (unless `auth` is given) and parsed JSON. */
export async function get(
  fake: FakeBacklog,
  path: string,
  params: Record<string, string | number | Array<string | number>> = {},
  auth: { apiKey?: string; bearer?: string } = { apiKey: KEY },
): Promise<Reply> {
  const query = new URLSearchParams();
  if (auth.apiKey !== undefined) query.append('apiKey', auth.apiKey);
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, String(v));
  }
  const headers: Record<string, string> = {};
  if (auth.bearer !== undefined) headers.Authorization = `Bearer ${auth.bearer}`;
  const res = await fetch(`${fake.url}/api/v2${path}?${query}`, { headers });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    headers: res.headers,
    body: type.includes('json') ? JSON.parse(text) : text,
  };
}

export function expectError(reply: Reply, status: number, code: number): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({
    errors: [{ message: expect.any(String), code, moreInfo: '' }],
  });
}

/** Ids of a JSON list reply. */
export function ids(reply: Reply): Array<number | string> {
  return (reply.body as Array<{ id: number | string }>).map((x) => x.id);
}
