import type { BacklogClient } from './client';
import { driftTolerantOffsetRows, keysetPages, offsetPages } from './pagination';

interface Row {
  id: number;
  updated: number;
}

/** A listing sorted by `updated` ascending, like GET /issues?sort=updated&order=asc. */
class Listing {
  rows: Row[];
  requests = 0;
  constructor(
    rows: Row[],
    private readonly shuffleTies = false,
  ) {
    this.rows = rows;
  }

  page(offset: number, count: number): Row[] {
    this.requests += 1;
    const sorted = [...this.rows].sort((a, b) => a.updated - b.updated || this.tieOrder(a, b));
    return sorted.slice(offset, offset + count).map((row) => ({ ...row }));
  }

  private tieOrder(a: Row, b: Row): number {
    if (!this.shuffleTies) return a.id - b.id;
    // A different order among equal timestamps on every request.
    const salt = this.requests * 7919;
    return ((a.id * 2654435761 + salt) % 1000) - ((b.id * 2654435761 + salt) % 1000);
  }

  touch(id: number, updated: number): void {
    this.rows.find((row) => row.id === id)!.updated = updated;
  }

  remove(id: number): void {
    this.rows = this.rows.filter((row) => row.id !== id);
  }
}

async function walk(listing: Listing, between?: (pageIndex: number) => void, fromVersion?: number) {
  const seen: Row[] = [];
  const newer: Row[] = [];
  let pageIndex = 0;
  for await (const page of driftTolerantOffsetRows<Row>(
    async (offset, count) => {
      between?.(pageIndex++);
      return listing.page(offset, count);
    },
    (row) => ({ id: row.id, version: row.updated }),
    { onNewerDuplicate: (row) => newer.push(row), fromVersion },
  )) {
    seen.push(...page);
  }
  return { seen, newer, ids: seen.map((row) => row.id) };
}

const rows = (n: number, updated: (i: number) => number = (i) => 1000 + i): Row[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, updated: updated(i) }));

describe('driftTolerantOffsetRows', () => {
  it('reads every row exactly once from a stable listing', async () => {
    const listing = new Listing(rows(1050));
    const { ids } = await walk(listing);
    expect(ids).toHaveLength(1050);
    expect(new Set(ids).size).toBe(1050);
    // Overlap costs a few percent, not a page per page.
    expect(listing.requests).toBeLessThanOrEqual(12);
  });

  it('does not skip a row when an already-read issue moves to the end mid-walk', async () => {
    const listing = new Listing(rows(450));
    const { ids, newer } = await walk(listing, (page) => {
      // Before each later page, some already-read rows change: every unread row shifts left.
      if (page >= 1 && page <= 3)
        for (let k = 0; k < 10; k++) listing.touch(page * 10 + k + 1, 5000 + page * 10 + k);
    });
    expect(new Set(ids)).toEqual(new Set(listing.rows.map((row) => row.id)));
    expect(ids).toHaveLength(450);
    expect(newer).toHaveLength(30);
  });

  it('does not skip a row when rows are deleted mid-walk', async () => {
    const listing = new Listing(rows(350));
    const { ids } = await walk(listing, (page) => {
      if (page === 2) for (let id = 1; id <= 40; id++) listing.remove(id);
    });
    const remaining = listing.rows.map((row) => row.id);
    for (const id of remaining) expect(ids).toContain(id);
  });

  it('keeps same-second ties that straddle a page boundary, even in shifting order', async () => {
    // 60 rows share one second around the first page boundary.
    const listing = new Listing(
      rows(260, (i) => (i >= 70 && i < 130 ? 2000 : i < 70 ? 1000 + i : 3000 + i)),
      true,
    );
    const { ids } = await walk(listing);
    expect(new Set(ids).size).toBe(260);
  });

  it('reads a row once at its first version when it changes before its page', async () => {
    const listing = new Listing(rows(150));
    const { seen } = await walk(listing, (page) => {
      if (page === 1) listing.touch(140, 9999);
    });
    expect(seen.filter((row) => row.id === 140)).toEqual([{ id: 140, updated: 9999 }]);
  });
});

describe('driftTolerantOffsetRows from a version (no filter on the listing)', () => {
  const newerThan = (listing: Listing, version: number) =>
    listing.rows.filter((row) => row.updated >= version).map((row) => row.id);

  it('seeks past 10,000 older rows in a handful of requests', async () => {
    const listing = new Listing(rows(10_050));
    const from = 1000 + 9_990;
    const { ids } = await walk(listing, undefined, from);
    expect(ids.filter((id) => listing.rows[id - 1].updated >= from)).toEqual(
      newerThan(listing, from),
    );
    expect(listing.requests).toBeLessThanOrEqual(16);
  });

  it.each([
    ['a short listing', 80, 1050],
    ['a two-page listing', 150, 1120],
    ['every row newer', 500, 0],
    ['no row newer', 500, 99_999],
  ])('costs no more than a plain walk: %s', async (_, size, from) => {
    const plain = new Listing(rows(size));
    await walk(plain);
    const seeking = new Listing(rows(size));
    const { ids } = await walk(seeking, undefined, from);
    expect(ids.filter((id) => seeking.rows[id - 1].updated >= from)).toEqual(
      newerThan(seeking, from),
    );
    expect(seeking.requests).toBeLessThanOrEqual(plain.requests);
  });

  it('misses no newer row when older rows change or vanish while it seeks', async () => {
    const listing = new Listing(rows(3000));
    const from = 1000 + 2_500;
    const wanted = newerThan(listing, from);
    const { ids } = await walk(
      listing,
      (page) => {
        // While the binary search narrows in, older rows move to the end or vanish: the
        // boundary shifts left past offsets it already judged.
        if (page >= 6 && page <= 10) {
          for (let k = 0; k < 50; k++) listing.touch(page * 100 + k + 1, 50_000 + page * 100 + k);
          listing.remove(page * 100 + 80);
        }
      },
      from,
    );
    for (const id of wanted) expect(ids).toContain(id);
  });
});

describe('keysetPages', () => {
  const comments = Array.from({ length: 250 }, (_, i) => ({ id: 1000 + i * 3 }));

  function fakeClient(minIdInclusive: boolean) {
    const calls: Array<Record<string, unknown>> = [];
    const client = {
      async get(_path: string, params: Record<string, unknown>) {
        calls.push(params);
        const minId = params.minId as number | undefined;
        const after = comments.filter((c) =>
          minId === undefined ? true : minIdInclusive ? c.id >= minId : c.id > minId,
        );
        return after.slice(0, params.count as number);
      },
    };
    return { client: client as unknown as BacklogClient, calls };
  }

  it.each([false, true])(
    'walks forward with minId and order=asc, each id once (inclusive bound: %s)',
    async (inclusive) => {
      const { client, calls } = fakeClient(inclusive);
      const seen: number[] = [];
      for await (const page of keysetPages<{ id: number }>(client, '/issues/1/comments')) {
        seen.push(...page.map((c) => c.id));
      }
      expect(seen).toEqual(comments.map((c) => c.id));
      expect(calls.every((params) => params.order === 'asc' && params.count === 100)).toBe(true);
      expect(calls[1].minId).toBe(comments[99].id);
    },
  );

  it('starts above a given minId', async () => {
    const { client } = fakeClient(false);
    const seen: number[] = [];
    for await (const page of keysetPages<{ id: number }>(
      client,
      '/x',
      {},
      { minId: comments[247].id },
    )) {
      seen.push(...page.map((c) => c.id));
    }
    expect(seen).toEqual([comments[248].id, comments[249].id]);
  });
});

describe('offsetPages', () => {
  it('reads until a short page and yields a row pushed onto the next page only once', async () => {
    // Newest first, like a pull request list: a row created mid-walk shifts the rest right.
    let rows = Array.from({ length: 250 }, (_, i) => ({ id: 250 - i }));
    const offsets: number[] = [];
    const client = {
      async get(_path: string, params: Record<string, unknown>) {
        const offset = params.offset as number;
        offsets.push(offset);
        const page = rows.slice(offset, offset + (params.count as number));
        if (offset === 0) rows = [{ id: 251 }, ...rows];
        return page;
      },
    } as unknown as BacklogClient;
    const ids: number[] = [];
    for await (const page of offsetPages<{ id: number }>(client, '/x')) {
      ids.push(...page.map((row) => row.id));
    }
    expect(offsets).toEqual([0, 100, 200]);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
  });
});

describe('paging edge cases', () => {
  it('driftTolerantOffsetRows reads a listing that is one tie group from end to end, each row once', async () => {
    const listing = new Listing(rows(250, () => 2000));
    const { ids } = await walk(listing);
    expect([...ids].sort((a, b) => a - b)).toEqual(listing.rows.map((row) => row.id));
    // A page per page, less the guard rows: not a request per row.
    expect(listing.requests).toBeLessThanOrEqual(4);
  });

  it('driftTolerantOffsetRows gives up on a listing that never holds still, after maxRealignments', async () => {
    let call = 0;
    const fetchPage = async (offset: number, count: number) => {
      call += 1;
      if (call > 20) throw new Error('the walk did not give up');
      // Offset 0 is always the same page; any later page holds only rows never seen before.
      const base = offset === 0 ? 0 : call * 1000;
      return Array.from({ length: count }, (_, i) => ({ id: base + i, updated: 1000 + i }));
    };
    const walkAll = async () => {
      for await (const page of driftTolerantOffsetRows(
        fetchPage,
        (row) => ({ id: row.id, version: row.updated }),
        {
          maxRealignments: 2,
        },
      )) {
        void page;
      }
    };
    await expect(walkAll()).rejects.toThrow(
      'The listing kept shifting while it was read (3 realignments at offset 96)',
    );
  });

  it('no paging helper yields an empty page', async () => {
    const empty = { get: async () => [] } as unknown as BacklogClient;
    const pages: unknown[] = [];
    for await (const page of keysetPages(empty, '/x')) pages.push(page);
    for await (const page of offsetPages(empty, '/x')) pages.push(page);
    for (const fromVersion of [undefined, 5])
      for await (const page of driftTolerantOffsetRows(
        async () => [],
        (row: Row) => ({ id: row.id, version: row.updated }),
        { fromVersion },
      ))
        pages.push(page);
    expect(pages).toEqual([]);
  });

  it('keysetPages stops at the first short page, and on a full page of ids it has seen', async () => {
    const listing = Array.from({ length: 250 }, (_, i) => ({ id: i + 1 }));
    const calls: number[] = [];
    const client = {
      async get(_path: string, params: Record<string, unknown>) {
        calls.push((params.minId as number | undefined) ?? 0);
        const minId = (params.minId as number | undefined) ?? 0;
        return listing.filter((row) => row.id > minId).slice(0, params.count as number);
      },
    } as unknown as BacklogClient;
    for await (const page of keysetPages<{ id: number }>(client, '/x')) void page;
    expect(calls).toEqual([0, 100, 200]);

    // A server that ignores minId answers the same full page again: the walk ends there.
    let asked = 0;
    const stuck = {
      async get() {
        asked += 1;
        if (asked > 5) throw new Error('the walk did not stop');
        return listing.slice(0, 100);
      },
    } as unknown as BacklogClient;
    const ids: number[] = [];
    for await (const page of keysetPages<{ id: number }>(stuck, '/x'))
      ids.push(...page.map((row) => row.id));
    expect(ids).toEqual(listing.slice(0, 100).map((row) => row.id));
    expect(asked).toBe(2);
  });
});
