import type { ReadContext } from '../stream/definition';
import { SavedState } from './saved-state';
import { parseUpdatedCursorState, UpdatedCursor, type CursorStart } from './updated-cursor';

/*
 * The saved-state shapes streams share, read in one place: an `updated` cursor with its lookback
 * window, the cursor of a child stream's walk over its parents, and an id keyset. A stream names
 * its shape; it does not parse its state.
 */

/**
 * Where a stream starts reading: its saved cursor (state field `field`) in incremental mode, the
 * configured lookback window, and start_date (which applies to full refreshes too).
 */
export function cursorStartFor(context: ReadContext, field = 'updated'): CursorStart {
  const { config } = context;
  const saved = parseUpdatedCursorState(SavedState.of(context), field);
  return { saved, lookbackMs: config.lookbackMs, startDate: config.startDate };
}

/**
 * The cursor a stream filters on, from its saved state (field `field`, `updated` unless the
 * stream's cursor has another name): see `cursorStartFor`.
 */
export function updatedCursorFor(context: ReadContext, field = 'updated'): UpdatedCursor {
  return new UpdatedCursor(cursorStartFor(context, field));
}

/**
 * Where a child stream's walk over changed parents starts: the parents' cursor it saved in
 * `parentField`. A state without it (an older version's) starts at the child's own cursor: a
 * child changed after that means its parent changed after it too.
 */
export function parentWalkStartFor(context: ReadContext, parentField: string): CursorStart {
  const saved = SavedState.of(context);
  return cursorStartFor(context, saved.has(parentField) ? parentField : 'updated');
}

/**
 * For append-only lists with ascending ids (the activity feed, stars): the last id read is the
 * cursor, and every page read is a safe checkpoint.
 */
export class IdKeyset {
  constructor(private last: number | undefined) {}

  /** The id to continue after (Backlog's `minId` is exclusive), or undefined: from the start. */
  get after(): number | undefined {
    return this.last;
  }

  observe(id: number): void {
    this.last = Math.max(this.last ?? id, id);
  }

  state(): { id: number } | Record<string, never> {
    return this.last === undefined ? {} : { id: this.last };
  }
}

export function idKeysetFor(context: ReadContext): IdKeyset {
  return new IdKeyset(SavedState.of(context).integer('id'));
}
