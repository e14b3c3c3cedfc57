import type { ColumnType } from './column-types';

/**
 * A JSON value converted to what the DuckDB appender takes for its column type: BIGINT → bigint,
 * DOUBLE → number, BOOLEAN → boolean, VARCHAR and JSON → text, TIMESTAMPTZ/TIMESTAMP/TIME →
 * microseconds (bigint), DATE → days since 1970-01-01.
 */
export type Cell = bigint | number | boolean | string;

/** A value that does not fit its column: loaded as NULL and noted in `_airbyte_meta`. */
export const UNFIT = Symbol('unfit');

const MAX_BIGINT = 2n ** 63n - 1n;
const MS_PER_DAY = 86_400_000;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** Converts one non-null JSON value for a column of `type`, or UNFIT. */
export function toCell(type: ColumnType, value: unknown): Cell | typeof UNFIT {
  switch (type) {
    case 'BIGINT':
      return integerCell(value);
    case 'DOUBLE':
      return typeof value === 'number' && Number.isFinite(value) ? value : UNFIT;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : UNFIT;
    case 'VARCHAR':
      // Any JSON value has a faithful text form; only a declared string needs no conversion.
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'JSON':
      return JSON.stringify(value);
    case 'TIMESTAMPTZ':
    case 'TIMESTAMP':
      return typeof value === 'string' ? (timestampMicros(value) ?? UNFIT) : UNFIT;
    case 'DATE':
      return typeof value === 'string' ? (dateDays(value) ?? UNFIT) : UNFIT;
    case 'TIME':
      return typeof value === 'string' ? (timeMicros(value) ?? UNFIT) : UNFIT;
  }
}

function integerCell(value: unknown): bigint | typeof UNFIT {
  if (typeof value !== 'number' || !Number.isInteger(value)) return UNFIT;
  const integer = BigInt(value);
  return integer > MAX_BIGINT || integer < -MAX_BIGINT - 1n ? UNFIT : integer;
}

/** Date.UTC for every year: Date.UTC itself reads years 0–99 as 1900–1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return new Date(utcMs(year, month, day)).getUTCDate() === day;
}

/** Up to nine fraction digits as whole microseconds (extra precision is cut, not rounded). */
function fractionMicros(fraction: string | undefined): bigint {
  return BigInt((fraction ?? '').padEnd(6, '0').slice(0, 6));
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** ISO-8601 date-time → microseconds since the epoch, UTC; no offset means UTC (as in Airbyte). */
export function timestampMicros(text: string): bigint | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const offset = offsetMinutes(match[8]);
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  if (offset === undefined) return undefined;
  const ms = utcMs(year, month, day, hour, minute, second) - offset * 60_000;
  return BigInt(ms) * 1000n + fractionMicros(match[7]);
}

function dateDays(text: string): number | undefined {
  const match = DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = match.slice(1, 4).map(Number);
  if (!validDate(year, month, day)) return undefined;
  return utcMs(year, month, day) / MS_PER_DAY;
}

function timeMicros(text: string): bigint | undefined {
  const match = TIME.exec(text.trim());
  if (!match) return undefined;
  const [hour, minute, second] = match.slice(1, 4).map((part) => Number(part ?? 0));
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return BigInt((hour * 60 + minute) * 60 + second) * 1_000_000n + fractionMicros(match[4]);
}
