import { backlogTimestamp } from '../backlog/timestamps';
import type { SavedState } from './saved-state';

/** Backlog ids are integers, except documents' 32-hex strings. */
export type RecordId = number | string;

export interface UpdatedCursorState {
  /** The newest `updated` emitted (ISO-8601, as Backlog wrote it). */
  updated: string;
}

function epochMs(value: string): number {
  return Date.parse(value);
}

/**
 * The saved cursor of a stream (state field `field`), or undefined on a first sync. States written
 * before the lookback window also carry `ids_at_cursor`; it is ignored (the window re-reads that
 * second anyway).
 */
export function parseUpdatedCursorState(
  state: SavedState,
  field = 'updated',
): UpdatedCursorState | undefined {
  const updated = state.timestamp(field);
  return updated === undefined ? undefined : { updated };
}

/** Where a sync starts reading: its saved cursor, how far before it to look again, start_date. */
export interface CursorStart {
  saved: UpdatedCursorState | undefined;
  lookbackMs: number;
  startDate?: string;
}

/**
 * The earliest `updated` a sync reads from: the saved cursor less the lookback window, never
 * before start_date (as the Python CDK's `max(start, cursor - lookback)`); undefined: everything.
 */
export function lowerBoundMs({ saved, lookbackMs, startDate }: CursorStart): number | undefined {
  const fromSaved = saved ? epochMs(saved.updated) - lookbackMs : undefined;
  const fromStart = startDate ? epochMs(startDate) : undefined;
  if (fromSaved === undefined) return fromStart;
  if (fromStart === undefined) return fromSaved;
  return Math.max(fromSaved, fromStart);
}

/**
 * Incremental filter and checkpoint for records carrying `updated`. Backlog's `updated` has
 * one-second resolution and a write can become visible after a sync has read past its second
 * (a bulk update still running, a slow commit): so a record is new when it is no older than the
 * saved cursor less the lookback window. What lies inside the window is emitted again; the
 * destination's dedupe on the primary key absorbs it. A duplicate is cheap, a lost change is not.
 * Records must be observed in ascending `updated` order for intermediate checkpoints to be safe.
 */
export class UpdatedCursor {
  private readonly saved: UpdatedCursorState | undefined;
  private readonly savedMs: number;
  private readonly fromMs: number | undefined;
  private max: string | undefined;
  private maxMs = Number.NEGATIVE_INFINITY;
  private heldBackMs = Number.POSITIVE_INFINITY;
  private heldBack: string | undefined;

  constructor(start: CursorStart | undefined) {
    this.saved = start?.saved;
    this.savedMs = this.saved ? epochMs(this.saved.updated) : Number.NEGATIVE_INFINITY;
    this.fromMs = start ? lowerBoundMs(start) : undefined;
  }

  /** The earliest `updated` this sync emits (ISO-8601), if any: for filters and seeks. */
  get fromUpdated(): string | undefined {
    return this.fromMs === undefined ? undefined : backlogTimestamp(this.fromMs);
  }

  isNew(updated: string): boolean {
    return this.fromMs === undefined || epochMs(updated) >= this.fromMs;
  }

  observe(updated: string): void {
    const ms = epochMs(updated);
    if (ms > this.maxMs) {
      this.max = updated;
      this.maxMs = ms;
    }
  }

  /**
   * A newer version of a record was seen but not emitted in this sync: the next sync must start
   * no later than it.
   */
  holdBack(updated: string): void {
    const ms = epochMs(updated);
    if (ms < this.heldBackMs) {
      this.heldBackMs = ms;
      this.heldBack = updated;
    }
  }

  state(): UpdatedCursorState | undefined {
    const newestMs = Math.max(this.savedMs, this.maxMs);
    if (this.heldBack !== undefined && this.heldBackMs <= newestMs) {
      // Restart at the held-back change: re-reading a few rows beats losing one.
      return { updated: this.heldBack };
    }
    if (this.max === undefined || this.maxMs <= this.savedMs) return this.saved;
    return { updated: this.max };
  }
}

/**
 * Backlog filters `updatedSince` by calendar day (yyyy-MM-dd) in a time zone it does not document.
 * Asking from the day before the cursor's UTC date covers every zone from UTC-12 to UTC+14; rows
 * older than the cursor are dropped client-side.
 */
export function updatedSinceWithLookback(cursor: string): string {
  const day = new Date(epochMs(cursor) - 24 * 60 * 60 * 1000);
  return day.toISOString().slice(0, 10);
}
