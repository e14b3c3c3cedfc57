/**
 * The connector's default lookback window (lookback_window_minutes: 5): an incremental sync reads
 * again what changed this long before its saved cursor. The tests' expectations of what a sync
 * re-sends come from here.
 */
export const DEFAULT_LOOKBACK_MS = 5 * 60_000;

/** The newest value of a timestamp field (the cursor, `updated` unless named) among the rows. */
export function newestUpdatedMs(rows: object[], field = 'updated'): number {
  return Math.max(
    ...rows.map((row) => Date.parse(String((row as Record<string, unknown>)[field]))),
  );
}

/**
 * Rows whose cursor (`field`, default `updated`) lies in the default window before `newestMs`
 * (default: the newest row's).
 */
export function inLookbackWindow<T extends object>(
  rows: T[],
  newestMs = newestUpdatedMs(rows),
  field = 'updated',
): T[] {
  return rows.filter(
    (row) =>
      Date.parse(String((row as Record<string, unknown>)[field])) >= newestMs - DEFAULT_LOOKBACK_MS,
  );
}

/**
 * Stars created within the window before a sync began were not settled then: the next sync's
 * watermark stays below them, so it reads them again.
 */
export function unsettledAt<T extends { created?: unknown }>(stars: T[], syncAtMs: number): T[] {
  return stars.filter((star) => Date.parse(String(star.created)) >= syncAtMs - DEFAULT_LOOKBACK_MS);
}
