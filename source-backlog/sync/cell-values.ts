import type { ColumnType } from '../views/column-types';

/**
 * A JSON value converted to what the DuckDB appender takes for its column type: BIGINT → an
 * integral number, DOUBLE → number, BOOLEAN → boolean, VARCHAR and JSON → text, TIMESTAMPTZ,
 * TIMESTAMP and TIME → microseconds (bigint), DATE → days since 1970-01-01.
 */
export type Cell = bigint | number | boolean | string;

/** A value that does not fit its column: loaded as NULL and noted in `_airbyte_meta`. */
export const UNFIT = Symbol('unfit');

const BIGINT_LIMIT = 2 ** 63;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Converts one non-null JSON value for a column of `type`, or UNFIT. */
export function toCell(type: ColumnType, value: unknown): Cell | typeof UNFIT {
  switch (type) {
    case 'BIGINT':
      return typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= -BIGINT_LIMIT &&
        value < BIGINT_LIMIT
        ? value
        : UNFIT;
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

/** `count` decimal digits of `text` from `at` as a number, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** Days from 1970-01-01 to a proleptic Gregorian date, any year (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** `YYYY-MM-DD` at the start of `text` → [year, month, day], or undefined. */
function datePart(text: string): [number, number, number] | undefined {
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || text[4] !== '-' || text[7] !== '-' || !validDate(year, month, day)) {
    return undefined;
  }
  return [year, month, day];
}

/** Fraction digits from `at` as whole microseconds (finer digits are cut) and where they end. */
function fractionAt(text: string, at: number): { micros: number; end: number } | undefined {
  let end = at;
  while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  const count = end - at;
  if (count === 0 || count > 9) return undefined;
  const kept = Math.min(count, 6);
  return { micros: digitsAt(text, at, kept) * 10 ** (6 - kept), end };
}

/** A zone designator filling `text` from `at` (none, Z, ±HH, ±HHMM, ±HH:MM) in minutes. */
function offsetMinutesAt(text: string, at: number): number | undefined {
  if (at === text.length) return 0;
  const sign = text[at];
  if ((sign === 'Z' || sign === 'z') && at + 1 === text.length) return 0;
  if (sign !== '+' && sign !== '-') return undefined;
  const hours = digitsAt(text, at + 1, 2);
  let rest = at + 3;
  let minutes = 0;
  if (rest < text.length) {
    if (text[rest] === ':') rest += 1;
    minutes = digitsAt(text, rest, 2);
    rest += 2;
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || rest !== text.length) {
    return undefined;
  }
  return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * ISO-8601 date-time (`YYYY-MM-DD[T ]HH:MM[:SS[.fff…]]` and a zone) → microseconds since the
 * epoch, UTC; no zone means UTC, as in Airbyte. Read by hand: it runs for every timestamp loaded.
 */
export function timestampMicros(text: string): bigint | undefined {
  const date = datePart(text);
  const separator = text[10];
  if (!date || (separator !== 'T' && separator !== 't' && separator !== ' ')) return undefined;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (text[13] !== ':' || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let at = 16;
  let second = 0;
  let fraction = 0;
  if (text[at] === ':') {
    second = digitsAt(text, at + 1, 2);
    if (second < 0 || second > 59) return undefined;
    at += 3;
    if (text[at] === '.') {
      const parsed = fractionAt(text, at + 1);
      if (!parsed) return undefined;
      fraction = parsed.micros;
      at = parsed.end;
    }
  }
  const offset = offsetMinutesAt(text, at);
  if (offset === undefined) return undefined;
  const seconds = ((daysFromCivil(...date) * 24 + hour) * 60 + minute - offset) * 60 + second;
  const micros = seconds * 1_000_000 + fraction;
  return Number.isSafeInteger(micros)
    ? BigInt(micros)
    : BigInt(seconds) * 1_000_000n + BigInt(fraction);
}

function dateDays(text: string): number | undefined {
  const date = text.length === 10 ? datePart(text) : undefined;
  return date ? daysFromCivil(...date) : undefined;
}

function timeMicros(text: string): bigint | undefined {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const [hour, minute, second] = match.slice(1, 4).map((part) => Number(part ?? 0));
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = match[4] ? fractionAt(match[4], 0)!.micros : 0;
  return BigInt((hour * 60 + minute) * 60 + second) * 1_000_000n + BigInt(fraction);
}
