/** Timestamp formatting and the day-granular `yyyy-MM-dd` filters read in a time zone. */

/** ISO-8601 UTC with seconds precision, like Backlog: 2024-01-02T03:04:05Z. */
export function isoSeconds(date: Date | number): string {
  const ms = typeof date === 'number' ? date : date.getTime();
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function parseIsoSeconds(iso: string): number {
  const ms = Date.parse(iso);
  if (!ISO_SECONDS.test(iso) || Number.isNaN(ms)) {
    throw new Error(`Expected an ISO timestamp like 2024-01-02T03:04:05Z, got ${iso}`);
  }
  return ms;
}

export function assertTimeZone(timeZone: string): void {
  // Throws RangeError for an unknown IANA zone.
  new Intl.DateTimeFormat('en-US', { timeZone });
}

/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms (Asia/Tokyo: +9h). */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** UTC instant (ms) of local midnight starting the given calendar day in `timeZone`. */
function zonedMidnight(year: number, month: number, day: number, timeZone: string): number {
  const wallClock = Date.UTC(year, month - 1, day);
  const first = wallClock - zoneOffsetMs(wallClock, timeZone);
  return wallClock - zoneOffsetMs(first, timeZone);
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses yyyy-MM-dd; returns undefined when malformed or not a real calendar day. */
export function parseYmd(value: string): { year: number; month: number; day: number } | undefined {
  const m = YMD.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

/** [start, endExclusive) in UTC ms of the calendar day `ymd` in `timeZone`. */
export function dayRangeInZone(
  ymd: { year: number; month: number; day: number },
  timeZone: string,
): { start: number; endExclusive: number } {
  const next = new Date(Date.UTC(ymd.year, ymd.month - 1, ymd.day + 1));
  return {
    start: zonedMidnight(ymd.year, ymd.month, ymd.day, timeZone),
    endExclusive: zonedMidnight(
      next.getUTCFullYear(),
      next.getUTCMonth() + 1,
      next.getUTCDate(),
      timeZone,
    ),
  };
}
