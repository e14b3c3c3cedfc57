import type { JsonObject } from '../protocol/messages';
import { stateNotUnderstood } from './saved-state';

/** Backlog ids are integers, except documents' 32-hex strings. */
export type RecordId = number | string;

export interface UpdatedCursorState {
  /** The newest `updated` emitted (ISO-8601, as Backlog wrote it). */
  updated: string;
  /** Ids already emitted at exactly `updated`: Backlog timestamps have one-second resolution. */
  ids_at_cursor?: RecordId[];
}

function epochMs(value: string): number {
  return Date.parse(value);
}

export function parseUpdatedCursorState(
  stream: string,
  state: JsonObject | undefined,
  field = 'updated',
  idsField: string | undefined = 'ids_at_cursor',
): UpdatedCursorState | undefined {
  if (
    !state ||
    Object.keys(state).length === 0 ||
    state[field] === undefined ||
    state[field] === null
  ) {
    return undefined;
  }
  const updated = state[field];
  if (typeof updated !== 'string' || Number.isNaN(epochMs(updated))) {
    throw stateNotUnderstood(
      stream,
      `"${field}" must be an ISO-8601 date-time, got ${JSON.stringify(updated)}`,
    );
  }
  const ids = idsField ? state[idsField] : undefined;
  if (ids !== undefined && (!Array.isArray(ids) || !ids.every(isRecordId))) {
    throw stateNotUnderstood(stream, `"${idsField}" must be a list of ids`);
  }
  return { updated, ids_at_cursor: ids as RecordId[] | undefined };
}

function isRecordId(value: unknown): value is RecordId {
  return Number.isInteger(value) || (typeof value === 'string' && value.length > 0);
}

function sortedIds(ids: Iterable<RecordId>): RecordId[] {
  return [...ids].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
}

/** The later of a saved cursor and the configured start date, as a cursor to filter from. */
export function startingCursor(
  saved: UpdatedCursorState | undefined,
  startDate: string | undefined,
): UpdatedCursorState | undefined {
  if (!startDate) return saved;
  if (!saved || epochMs(saved.updated) < epochMs(startDate)) return { updated: startDate };
  return saved;
}

/**
 * Incremental filter and checkpoint for records carrying `updated`. A record is new when it is
 * later than the saved cursor, or at the same second but not among the ids already emitted there,
 * so same-second ties are neither lost nor sent twice. Records must be observed in ascending
 * `updated` order for intermediate checkpoints to be safe.
 */
export class UpdatedCursor {
  private readonly fromMs: number | undefined;
  private readonly idsAtFrom: Set<RecordId>;
  private max: string | undefined;
  private maxMs = Number.NEGATIVE_INFINITY;
  private idsAtMax = new Set<RecordId>();
  private heldBackMs = Number.POSITIVE_INFINITY;
  private heldBack: string | undefined;

  constructor(private readonly from: UpdatedCursorState | undefined) {
    this.fromMs = from ? epochMs(from.updated) : undefined;
    this.idsAtFrom = new Set(from?.ids_at_cursor ?? []);
  }

  /** The cursor this sync started from. */
  get startState(): UpdatedCursorState | undefined {
    return this.from;
  }

  /** The `updatedSince` day to ask Backlog for, if any. */
  get fromUpdated(): string | undefined {
    return this.from?.updated;
  }

  isNew(updated: string, id: RecordId): boolean {
    if (this.fromMs === undefined) return true;
    const ms = epochMs(updated);
    return ms > this.fromMs || (ms === this.fromMs && !this.idsAtFrom.has(id));
  }

  observe(updated: string, id: RecordId): void {
    const ms = epochMs(updated);
    if (ms > this.maxMs) {
      this.max = updated;
      this.maxMs = ms;
      this.idsAtMax = new Set([id]);
    } else if (ms === this.maxMs) {
      this.idsAtMax.add(id);
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
    if (this.heldBack !== undefined && this.heldBackMs <= this.maxMs) {
      // Inclusive restart at the held-back change: re-reading a few rows beats losing one.
      return this.fromMs !== undefined && this.fromMs > this.heldBackMs
        ? this.from
        : { updated: this.heldBack };
    }
    if (this.max === undefined || (this.fromMs !== undefined && this.maxMs < this.fromMs)) {
      return this.from;
    }
    if (this.fromMs === this.maxMs) {
      const ids = new Set([...this.idsAtFrom, ...this.idsAtMax]);
      return { updated: this.max, ids_at_cursor: sortedIds(ids) };
    }
    return { updated: this.max, ids_at_cursor: sortedIds(this.idsAtMax) };
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
