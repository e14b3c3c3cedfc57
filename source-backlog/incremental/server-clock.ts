import type { ReadContext } from '../stream/definition';

/** Without a server `Date` header, how far our clock may trail Backlog's. */
const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60 * 1000;

/** Server time now: the latest `Date` header Backlog sent, else our clock less a skew allowance. */
export function serverNowMs({ client }: ReadContext): number {
  return client.serverTimeMs ?? Date.now() - CLOCK_SKEW_ALLOWANCE_MS;
}
