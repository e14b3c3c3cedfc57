/**
 * What the connector's own LOG lines say about a stream's cost. The protocol has no message for
 * request counts or rate-limit waits, so these read the wording of runtime/read.ts (the
 * per-stream summary), connector.ts (pacing) and backlog/client.ts (429s).
 */

/** `Stream "issues": 120 records, 7 requests (search 2, read 5) in 0.4 s` → 7. */
export function requestsOfStreamSummary(
  message: string,
): { stream: string; requests: number } | undefined {
  const match = /^Stream "([^"]+)": \d+ records?, (\d+) requests?\b/.exec(message);
  return match ? { stream: match[1], requests: Number(match[2]) } : undefined;
}

/** `Pacing the read rate-limit bucket: waiting 2.1 s`, or a 429 answered by a wait. */
export function isRateLimitWait(message: string): boolean {
  return (
    /^Pacing the \w+ rate-limit bucket: waiting/.test(message) ||
    /^Rate limited \(429\)/.test(message)
  );
}
