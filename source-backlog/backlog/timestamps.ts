/** An instant written the way Backlog writes timestamps: ISO-8601 UTC, no milliseconds when zero. */
export function backlogTimestamp(epochMs: number | string): string {
  return new Date(epochMs).toISOString().replace('.000Z', 'Z');
}
