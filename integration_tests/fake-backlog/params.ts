/** Query-parameter parsing with Backlog's 400 / code 7 answer for invalid values. */
import { invalidRequest } from './errors';
import { dayRangeInZone, parseYmd } from './time';

const INTEGER = /^-?\d+$/;

export function intParam(
  query: URLSearchParams,
  name: string,
  bounds: { min?: number; max?: number } = {},
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!INTEGER.test(raw)) throw invalidRequest(`Invalid parameter ${name}: ${raw}`);
  const value = Number(raw);
  if (
    (bounds.min !== undefined && value < bounds.min) ||
    (bounds.max !== undefined && value > bounds.max)
  ) {
    throw invalidRequest(`Parameter ${name} must be between ${bounds.min} and ${bounds.max}.`);
  }
  return value;
}

/** `name[]=1&name[]=2` (bracket syntax only, like backlog-js sends it). */
export function intArrayParam(query: URLSearchParams, name: string): number[] | undefined {
  const raw = query.getAll(`${name}[]`);
  if (raw.length === 0) return undefined;
  return raw.map((v) => {
    if (!INTEGER.test(v)) throw invalidRequest(`Invalid parameter ${name}[]: ${v}`);
    return Number(v);
  });
}

/** `count`: 1–100, default 20. */
export function countParam(query: URLSearchParams): number {
  return intParam(query, 'count', { min: 1, max: 100 }) ?? 20;
}

/** `order`: asc|desc, default desc. */
export function orderParam(query: URLSearchParams): 'asc' | 'desc' {
  const raw = query.get('order');
  if (raw === null || raw === '') return 'desc';
  if (raw !== 'asc' && raw !== 'desc') throw invalidRequest(`Invalid parameter order: ${raw}`);
  return raw;
}

/** A yyyy-MM-dd filter as a [start, endExclusive) range of UTC ms in `timeZone`. */
export function dayParam(
  query: URLSearchParams,
  name: string,
  timeZone: string,
): { start: number; endExclusive: number } | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ymd = parseYmd(raw);
  if (!ymd) throw invalidRequest(`Invalid parameter ${name}: ${raw} (expected yyyy-MM-dd)`);
  return dayRangeInZone(ymd, timeZone);
}

export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw !== 'true' && raw !== 'false') throw invalidRequest(`Invalid parameter ${name}: ${raw}`);
  return raw === 'true';
}

/** minId/maxId (both exclusive), count and order for keyset-paged lists sorted by id. */
export function keysetPage<T extends { id: number }>(items: T[], query: URLSearchParams): T[] {
  return keysetPageBy(items, query, (x) => x.id);
}

/** keysetPage on another numeric key (wiki history pages by `version`). */
export function keysetPageBy<T>(items: T[], query: URLSearchParams, key: (x: T) => number): T[] {
  const minId = intParam(query, 'minId');
  const maxId = intParam(query, 'maxId');
  const count = countParam(query);
  const order = orderParam(query);
  const selected = items.filter(
    (x) => (minId === undefined || key(x) > minId) && (maxId === undefined || key(x) < maxId),
  );
  selected.sort((a, b) => (order === 'asc' ? key(a) - key(b) : key(b) - key(a)));
  return selected.slice(0, count);
}
