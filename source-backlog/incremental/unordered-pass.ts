import { backlogTimestamp } from '../backlog/timestamps';
import { UpdatedCursor, type CursorStart, type UpdatedCursorState } from './updated-cursor';

/**
 * Incremental filter for listings that cannot be sorted by `updated` (pull requests per
 * repository, their comments). A row read early may change while later rows are read, and then
 * carry an `updated` older than rows emitted after it; so the next sync starts no later than one
 * second before this pass began (server time), at the cost of reading a few rows twice.
 */
export class UnorderedUpdatedPass {
  private readonly cursor: UpdatedCursor;
  private readonly from: UpdatedCursorState | undefined;

  constructor(
    start: CursorStart,
    private readonly startedAtMs: number,
  ) {
    this.cursor = new UpdatedCursor(start);
    this.from = start.saved;
  }

  /** The earliest `updated` this pass emits (ISO-8601), if any: for seeks. */
  get fromUpdated(): string | undefined {
    return this.cursor.fromUpdated;
  }

  isNew(updated: string): boolean {
    return this.cursor.isNew(updated);
  }

  observe(updated: string): void {
    this.cursor.observe(updated);
  }

  /** The state to resume from; only final once the pass has read everything. */
  state(): UpdatedCursorState | undefined {
    const seen = this.cursor.state();
    const limitMs = Math.floor(this.startedAtMs / 1000) * 1000 - 1000;
    if (!seen || Date.parse(seen.updated) < limitMs) return seen;
    if (this.from && Date.parse(this.from.updated) >= limitMs) return this.from;
    return { updated: backlogTimestamp(limitMs) };
  }
}
