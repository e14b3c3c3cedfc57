import type { BacklogClient, QueryParams } from './client';

export const MAX_PAGE_SIZE = 100;

const byId = (item: unknown): number => (item as { id: number }).id;

/**
 * Walks an endpoint that pages with `minId` + `order=asc` (comments, activities, stars; wiki
 * history, whose key is `version`). Backlog's minId is exclusive, so the next page starts at the
 * last key seen; keys at or below it are dropped in case a server treats the bound as inclusive.
 */
export async function* keysetPages<T>(
  client: BacklogClient,
  path: string,
  params: QueryParams = {},
  options: { minId?: number; pageSize?: number; keyOf?: (item: T) => number } = {},
): AsyncGenerator<T[]> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const keyOf = options.keyOf ?? byId;
  let minId = options.minId;
  for (;;) {
    const page = await client.get<T[]>(path, {
      ...params,
      minId,
      count: pageSize,
      order: 'asc',
    });
    const fresh = minId === undefined ? page : page.filter((item) => keyOf(item) > minId!);
    if (fresh.length > 0) yield fresh;
    if (page.length < pageSize || fresh.length === 0) return;
    minId = fresh.reduce((max, item) => Math.max(max, keyOf(item)), minId ?? 0);
  }
}

/**
 * Walks an endpoint that pages with `offset` + `count` and has no usable sort on a change date
 * (teams, pull requests, shared files). A row created while the walk runs can shift later rows
 * one place to the right, so a row may come back on the next page: each id is yielded once.
 */
export async function* offsetPages<T extends { id: number | string }>(
  client: BacklogClient,
  path: string,
  params: QueryParams = {},
  pageSize = MAX_PAGE_SIZE,
): AsyncGenerator<T[]> {
  const seen = new Set<number | string>();
  for (let offset = 0; ; offset += pageSize) {
    const page = await client.get<T[]>(path, { ...params, offset, count: pageSize });
    const fresh = page.filter((row) => !seen.has(row.id));
    for (const row of fresh) seen.add(row.id);
    if (fresh.length > 0) yield fresh;
    if (page.length < pageSize) return;
  }
}

export interface VersionedRow {
  id: number | string;
  /** The sort key the listing is ordered by, ascending (epoch ms of `updated`). */
  version: number;
}

export interface DriftTolerantOptions {
  pageSize?: number;
  /**
   * Rows older than this version are not wanted: seek past them instead of reading them all
   * (for a listing with no filter on the version, such as GET /documents).
   */
  fromVersion?: number;
  /** Rows of overlap kept before the last same-version group of a page. */
  guardRows?: number;
  maxRealignments?: number;
}

export interface DriftTolerantEvents<T> {
  /** A row already read earlier in this walk, now with a newer version (it changed mid-walk). */
  onNewerDuplicate?(row: T): void;
}

/**
 * Offset paging over a listing sorted ascending by a version that rows only ever move forward in
 * (Backlog's `sort=updated&order=asc`). While the walk runs, a row that changes jumps to the end
 * and a deleted row vanishes: every later row shifts left, and a naive `offset += count` skips
 * some. Each next page therefore re-reads the last same-version group of the previous page (ties
 * can come back in any order) plus a few guard rows, and must contain a row already read with its
 * version unchanged: that proves no gap before the page. If it does not, the walk steps back.
 * Every id is yielded once per walk.
 */
export async function* driftTolerantOffsetRows<T>(
  fetchPage: (offset: number, count: number) => Promise<T[]>,
  identify: (row: T) => VersionedRow,
  options: DriftTolerantOptions & DriftTolerantEvents<T> = {},
): AsyncGenerator<T[]> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const guardRows = options.guardRows ?? 3;
  const maxRealignments = options.maxRealignments ?? 50;
  const readVersions = new Map<number | string, number>();
  const from = options.fromVersion;
  const start =
    from === undefined ? undefined : await seekPageBefore(fetchPage, identify, from, pageSize);
  let offset = start?.offset ?? 0;
  let prefetched = start?.page;
  let stepBack = pageSize;
  let realignments = 0;

  for (;;) {
    const page = prefetched ?? (await fetchPage(offset, pageSize));
    prefetched = undefined;
    const rows = page.map((row) => ({ row, key: identify(row) }));
    // A first page that starts with an older row has every newer row at or after it.
    const startsBefore =
      readVersions.size === 0 &&
      from !== undefined &&
      rows.length > 0 &&
      rows[0].key.version < from;
    const anchored =
      offset === 0 ||
      startsBefore ||
      rows.some(({ key }) => readVersions.get(key.id) === key.version);
    if (!anchored) {
      realignments += 1;
      if (realignments > maxRealignments) {
        throw new Error(
          `The listing kept shifting while it was read (${realignments} realignments at offset ${offset})`,
        );
      }
      offset = Math.max(0, offset - stepBack);
      stepBack *= 2;
      continue;
    }
    stepBack = pageSize;

    const fresh: T[] = [];
    for (const { row, key } of rows) {
      const seen = readVersions.get(key.id);
      if (seen === undefined) {
        readVersions.set(key.id, key.version);
        fresh.push(row);
      } else if (key.version > seen) {
        options.onNewerDuplicate?.(row);
      }
    }
    if (fresh.length > 0) yield fresh;
    if (page.length < pageSize) return;

    const lastVersion = rows[rows.length - 1].key.version;
    let tieStart = rows.length - 1;
    while (tieStart > 0 && rows[tieStart - 1].key.version === lastVersion) tieStart -= 1;
    let advance = tieStart - guardRows;
    // A tie group filling (almost) the whole page cannot be re-read whole: rely on the order.
    if (advance < 1) advance = Math.max(1, rows.length - guardRows);
    offset += advance;
  }
}

/**
 * The first page worth reading when rows older than `version` are not wanted: whole pages that
 * are older are skipped by reading pages at doubling distances (0, 100, 300, 700…), then a binary
 * search between the last older row and the first newer (or missing) one. The page returned
 * starts with an older row (or at offset 0) and reaches the first newer row. Small listings cost
 * what a plain walk costs; a listing of 10,000 rows about 15 requests instead of 100.
 */
async function seekPageBefore<T>(
  fetchPage: (offset: number, count: number) => Promise<T[]>,
  identify: (row: T) => VersionedRow,
  version: number,
  pageSize: number,
): Promise<{ offset: number; page: T[] }> {
  const startsOlder = (page: T[]) => page.length > 0 && identify(page[0]).version < version;
  const wholeOlder = (page: T[]) =>
    page.length === pageSize && identify(page[page.length - 1]).version < version;
  let offset = 0;
  let page = await fetchPage(offset, pageSize);
  let older = -1;
  let notOlder: number | undefined;
  while (wholeOlder(page)) {
    older = offset + pageSize - 1;
    const next = 2 * offset + pageSize;
    const probe = await fetchPage(next, pageSize);
    if (!startsOlder(probe)) {
      notOlder = next;
      break;
    }
    offset = next;
    page = probe;
  }
  if (notOlder === undefined) return { offset, page };
  while (notOlder - older > pageSize) {
    const middle = Math.floor((older + notOlder) / 2);
    const probe = await fetchPage(middle, pageSize);
    if (!startsOlder(probe)) notOlder = middle;
    else if (wholeOlder(probe)) older = middle + pageSize - 1;
    else return { offset: middle, page: probe };
  }
  return { offset: older, page: await fetchPage(older, pageSize) };
}
