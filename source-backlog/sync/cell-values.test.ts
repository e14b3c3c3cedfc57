import { timestampMicros, toCell, UNFIT } from './cell-values';

const micros = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

describe('toCell', () => {
  it('takes integers within BIGINT and refuses fractions, text and overflow', () => {
    expect(toCell('BIGINT', 20001)).toBe(20001);
    expect(toCell('BIGINT', -5)).toBe(-5);
    expect(toCell('BIGINT', 1.5)).toBe(UNFIT);
    expect(toCell('BIGINT', '12')).toBe(UNFIT);
    expect(toCell('BIGINT', 2 ** 63)).toBe(UNFIT);
  });

  it('takes finite numbers as DOUBLE and only booleans as BOOLEAN', () => {
    expect(toCell('DOUBLE', 2.5)).toBe(2.5);
    expect(toCell('DOUBLE', '2.5')).toBe(UNFIT);
    expect(toCell('BOOLEAN', false)).toBe(false);
    expect(toCell('BOOLEAN', 0)).toBe(UNFIT);
  });

  it('keeps text as text, and any other value as its JSON text in a VARCHAR', () => {
    expect(toCell('VARCHAR', 'PRJ1-1')).toBe('PRJ1-1');
    expect(toCell('VARCHAR', 42)).toBe('42');
    expect(toCell('JSON', { id: 1, name: 'Open' })).toBe('{"id":1,"name":"Open"}');
    expect(toCell('JSON', 'text')).toBe('"text"');
  });

  it('reads dates and times', () => {
    expect(toCell('DATE', '1970-01-11')).toBe(10);
    expect(toCell('DATE', '2024-02-30')).toBe(UNFIT);
    expect(toCell('DATE', '2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    expect(toCell('TIME', '01:00:02.5')).toBe(3_602_500_000n);
    expect(toCell('TIME', '25:00')).toBe(UNFIT);
  });
});

describe('timestampMicros', () => {
  it('reads Backlog’s UTC seconds', () => {
    expect(timestampMicros('2024-05-01T12:34:56Z')).toBe(micros('2024-05-01T12:34:56Z'));
  });

  it('counts days across leap years and centuries like Date does', () => {
    for (const iso of ['1900-03-01T00:00:00Z', '2000-02-29T23:59:59Z', '1969-12-31T23:59:59Z']) {
      expect(timestampMicros(iso)).toBe(micros(iso));
    }
  });

  it('applies an offset and treats a missing one as UTC', () => {
    expect(timestampMicros('2024-05-01T21:34:56+09:00')).toBe(micros('2024-05-01T12:34:56Z'));
    expect(timestampMicros('2024-05-01T12:34:56-0130')).toBe(micros('2024-05-01T14:04:56Z'));
    expect(timestampMicros('2024-05-01T12:34:56+09')).toBe(micros('2024-05-01T03:34:56Z'));
    expect(timestampMicros('2024-05-01T12:34:56')).toBe(micros('2024-05-01T12:34:56Z'));
    expect(timestampMicros('2024-05-01 12:34')).toBe(micros('2024-05-01T12:34:00Z'));
  });

  it('keeps microseconds and cuts finer digits', () => {
    expect(timestampMicros('2024-05-01T12:34:56.123456789Z')).toBe(
      micros('2024-05-01T12:34:56Z') + 123_456n,
    );
  });

  it('keeps years before 100 as they are', () => {
    expect(timestampMicros('0050-01-01T00:00:00Z')).toBe(
      BigInt(new Date('0050-01-01T00:00:00Z').getTime()) * 1000n,
    );
  });

  it('refuses what is not an ISO-8601 date-time', () => {
    for (const text of [
      '2024-02-30T00:00:00Z',
      '2024-05-01',
      'yesterday',
      '2024-05-01T24:00:00Z',
    ]) {
      expect(timestampMicros(text)).toBeUndefined();
    }
    expect(toCell('TIMESTAMPTZ', 1714566896)).toBe(UNFIT);
  });
});
