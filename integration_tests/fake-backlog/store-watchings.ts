/**
 * Watchings as rows (user, issue, note, read flag, times). The store turns a row into the API
 * shape with the live issue, so a watching always embeds the issue as GET /issues/:id answers.
 */
import type { WatchingRow } from './generate-watchings';
import type { StoreKernel } from './store-kernel';

export type { WatchingRow };
export type WatchingPatch = Partial<Pick<WatchingRow, 'note' | 'resourceAlreadyRead'>>;

export class WatchingStore {
  constructor(
    private readonly k: StoreKernel,
    readonly rows: WatchingRow[],
  ) {}

  /** Rows of a user, ascending id. */
  of(userId: number): WatchingRow[] {
    return this.rows.filter((row) => row.userId === userId);
  }

  add(userId: number, issueId: number, note: string): WatchingRow {
    const now = this.k.stamp();
    const row: WatchingRow = {
      id: this.k.counters.watching++,
      userId,
      issueId,
      note,
      resourceAlreadyRead: false,
      created: now,
      updated: now,
    };
    this.rows.push(row);
    return row;
  }

  update(id: number, patch: WatchingPatch): WatchingRow {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw new Error(`No watching with id ${id}`);
    if (patch.note !== undefined) row.note = patch.note;
    if (patch.resourceAlreadyRead !== undefined)
      row.resourceAlreadyRead = patch.resourceAlreadyRead;
    row.updated = this.k.stamp();
    return row;
  }
}
