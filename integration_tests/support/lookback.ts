/**
 * The connector's default lookback window (lookback_window_minutes: 5): an incremental sync reads
 * again what changed this long before its saved cursor. The tests' expectations of what a sync
 * re-sends come from here.
 */
export const DEFAULT_LOOKBACK_MS = 5 * 60_000;

/** The newest `updated` among the rows, in epoch ms. */
export function newestUpdatedMs(rows: Array<{ updated?: unknown }>): number {
  return Math.max(...rows.map((row) => Date.parse(String(row.updated))));
}

/** Rows whose `updated` lies in the default window before `newestMs` (default: the newest row's). */
export function inLookbackWindow<T extends { updated?: unknown }>(
  rows: T[],
  newestMs = newestUpdatedMs(rows),
): T[] {
  return rows.filter((row) => Date.parse(String(row.updated)) >= newestMs - DEFAULT_LOOKBACK_MS);
}
