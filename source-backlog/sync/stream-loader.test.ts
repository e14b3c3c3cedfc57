import { configuredStream } from './configured-stream.fixture';
import type { DeletionMode } from './merge-sql';
import { ensureStateTable, readStates } from './state-table';
import { StreamLoader } from './stream-loader';
import { layoutOf } from './table-layout';
import { Warehouse } from './warehouse';

const ISSUE_PROPERTIES = {
  id: { type: 'integer' },
  updated: { type: 'string', format: 'date-time' },
  summary: { type: ['null', 'string'] },
  _ab_cdc_deleted_at: { type: ['null', 'string'], format: 'date-time' },
};

const T = (minute: number) => `2024-05-01T10:${String(minute).padStart(2, '0')}:00Z`;

describe('StreamLoader', () => {
  let warehouse: Warehouse;
  let extractedAt = 1_700_000_000_000;

  async function loaderFor(
    mode: 'append_dedup' | 'overwrite',
    deletions: DeletionMode = 'hard',
  ): Promise<StreamLoader> {
    const loader = new StreamLoader(
      warehouse,
      layoutOf(configuredStream('issues', ISSUE_PROPERTIES, mode)),
      deletions,
    );
    await loader.prepare();
    return loader;
  }

  async function load(loader: StreamLoader, ...records: Array<Record<string, unknown>>) {
    for (const record of records) await loader.append(record, (extractedAt += 1000));
  }

  /** Loads `records` as one batch and commits it, with no cursor to save. */
  async function commit(loader: StreamLoader, ...records: Array<Record<string, unknown>>) {
    await load(loader, ...records);
    await loader.checkpoint({}, records.length);
  }

  async function table(): Promise<Array<Record<string, unknown>>> {
    const rows = await warehouse.rows(
      'SELECT id, summary, epoch_ms(updated) AS updated, _ab_cdc_deleted_at IS NOT NULL AS deleted FROM issues ORDER BY id',
    );
    return rows.map((row) => ({
      id: Number(row.id),
      summary: row.summary,
      updated: new Date(Number(row.updated)).toISOString().replace('.000Z', 'Z'),
      deleted: row.deleted,
    }));
  }

  beforeEach(async () => {
    warehouse = await Warehouse.open(':memory:');
    await ensureStateTable(warehouse);
  });
  afterEach(() => warehouse.close());

  it('commits a batch with its state; the newest cursor wins within a batch and across batches', async () => {
    const loader = await loaderFor('append_dedup');
    await load(
      loader,
      { id: 1, updated: T(2), summary: 'one, newer' },
      { id: 1, updated: T(1), summary: 'one, older but later in the batch' },
      { id: 2, updated: T(1), summary: 'two' },
    );
    expect(await table()).toEqual([]);
    await loader.checkpoint({ updated: T(2) }, 3);
    expect(await table()).toEqual([
      { id: 1, summary: 'one, newer', updated: T(2), deleted: false },
      { id: 2, summary: 'two', updated: T(1), deleted: false },
    ]);
    expect((await readStates(warehouse)).get('issues')).toEqual({ updated: T(2) });

    await load(
      loader,
      { id: 1, updated: T(0), summary: 'a stale copy' },
      { id: 2, updated: T(1), summary: 'two, read again' },
      { id: 3, updated: T(3), summary: 'three' },
    );
    await loader.checkpoint({ updated: T(3) }, 3);
    expect(await table()).toEqual([
      { id: 1, summary: 'one, newer', updated: T(2), deleted: false },
      { id: 2, summary: 'two, read again', updated: T(1), deleted: false },
      { id: 3, summary: 'three', updated: T(3), deleted: false },
    ]);
  });

  it('hard deletion removes the row, and a tombstone of a row never loaded adds nothing', async () => {
    const loader = await loaderFor('append_dedup', 'hard');
    await commit(loader, { id: 1, updated: T(1), summary: 'one' }, { id: 2, updated: T(1) });
    await commit(
      loader,
      { id: 1, updated: T(5), summary: 'one', _ab_cdc_deleted_at: T(5) },
      { id: 9, updated: T(5), _ab_cdc_deleted_at: T(5) },
    );
    expect((await table()).map((row) => row.id)).toEqual([2]);
  });

  it('a tombstone older than the row it names leaves the row alone', async () => {
    const loader = await loaderFor('append_dedup', 'hard');
    await commit(loader, { id: 1, updated: T(7), summary: 'recreated later' });
    await commit(loader, { id: 1, updated: T(5), _ab_cdc_deleted_at: T(5) });
    expect((await table()).map((row) => row.summary)).toEqual(['recreated later']);
  });

  it('soft deletion keeps the row, flagged, with the tombstone’s fields', async () => {
    const loader = await loaderFor('append_dedup', 'soft');
    await commit(loader, { id: 1, updated: T(1), summary: 'one' });
    await commit(loader, { id: 1, updated: T(5), _ab_cdc_deleted_at: T(5) });
    expect(await table()).toEqual([{ id: 1, summary: null, updated: T(5), deleted: true }]);
  });

  it('drops what arrived after the last STATE', async () => {
    const loader = await loaderFor('append_dedup');
    await load(loader, { id: 1, updated: T(1) });
    await loader.checkpoint({ updated: T(1) }, 1);
    await load(loader, { id: 2, updated: T(2) });
    await loader.dispose();
    expect((await table()).map((row) => row.id)).toEqual([1]);
    expect((await readStates(warehouse)).get('issues')).toEqual({ updated: T(1) });
  });

  it('replaces an overwrite table only when its stream completes', async () => {
    const first = await loaderFor('overwrite');
    await commit(first, { id: 1, updated: T(1) }, { id: 2, updated: T(1) });
    await first.complete();
    const second = await loaderFor('overwrite');
    await commit(second, { id: 3, updated: T(3) });
    expect((await table()).map((row) => row.id)).toEqual([1, 2]);
    await second.complete();
    expect((await table()).map((row) => row.id)).toEqual([3]);
  });

  it('refuses a checkpoint whose record count differs from what arrived', async () => {
    const loader = await loaderFor('append_dedup');
    await load(loader, { id: 1, updated: T(1) });
    await expect(loader.checkpoint({}, 2)).rejects.toThrow(/counted 2 records.*received 1/);
  });
});
