import {
  lowerBoundMs,
  parseUpdatedCursorState,
  UpdatedCursor,
  updatedSinceWithLookback,
} from './updated-cursor';
import type { JsonObject } from '../protocol/messages';
import { SavedState } from './saved-state';

const MINUTE = 60_000;
const parseState = (stream: string, state: JsonObject) =>
  parseUpdatedCursorState(new SavedState(stream, state));
const at = (iso: string): number => Date.parse(iso);

/** The state a first-sync cursor saves after `steps`: changes emitted (observe) or held back. */
function stateAfter(...steps: Array<['observe' | 'holdBack', string]>) {
  const cursor = new UpdatedCursor(undefined);
  for (const [step, updated] of steps) cursor[step](updated);
  return cursor.state();
}

describe('UpdatedCursor', () => {
  it('emits everything on a first sync and saves the newest updated', () => {
    const cursor = new UpdatedCursor(undefined);
    expect(cursor.isNew('2024-01-01T00:00:00Z')).toBe(true);
    cursor.observe('2024-01-01T00:00:00Z');
    cursor.observe('2024-01-02T00:00:00Z');
    cursor.observe('2024-01-01T12:00:00Z');
    expect(cursor.state()).toEqual({ updated: '2024-01-02T00:00:00Z' });
  });

  it("emits again what lies in the lookback window before the cursor, the cursor's second included", () => {
    const saved = { updated: '2024-01-02T00:00:00Z' };
    const cursor = new UpdatedCursor({ saved, lookbackMs: 5 * MINUTE });
    expect(cursor.fromUpdated).toBe('2024-01-01T23:55:00Z');
    expect(cursor.isNew('2024-01-02T00:00:00Z')).toBe(true);
    expect(cursor.isNew('2024-01-01T23:55:00Z')).toBe(true);
    expect(cursor.isNew('2024-01-01T23:54:59Z')).toBe(false);
    const noWindow = new UpdatedCursor({ saved, lookbackMs: 0 });
    expect(noWindow.isNew('2024-01-02T00:00:00Z')).toBe(true);
    expect(noWindow.isNew('2024-01-01T23:59:59Z')).toBe(false);
  });

  it('keeps the saved cursor when nothing newer was seen, and never moves it back', () => {
    const saved = { updated: '2024-01-02T00:00:00Z' };
    expect(new UpdatedCursor({ saved, lookbackMs: MINUTE }).state()).toEqual(saved);
    const cursor = new UpdatedCursor({ saved, lookbackMs: MINUTE });
    cursor.observe('2024-01-01T23:59:30Z');
    expect(cursor.state()).toEqual(saved);
    cursor.observe('2024-01-02T00:00:01Z');
    expect(cursor.state()).toEqual({ updated: '2024-01-02T00:00:01Z' });
  });

  it('restarts at a held-back change that was not emitted', () => {
    expect(
      stateAfter(
        ['observe', '2024-01-01T00:00:00Z'],
        ['holdBack', '2024-01-03T00:00:00Z'],
        ['observe', '2024-01-04T00:00:00Z'],
      ),
    ).toEqual({ updated: '2024-01-03T00:00:00Z' });
    expect(
      stateAfter(['observe', '2024-01-01T00:00:00Z'], ['holdBack', '2024-01-03T00:00:00Z']),
    ).toEqual({ updated: '2024-01-01T00:00:00Z' });
  });

  it('never starts before start_date, and the window does not reach before it', () => {
    const startDate = '2024-05-01T00:00:00Z';
    expect(lowerBoundMs({ saved: undefined, lookbackMs: MINUTE, startDate })).toBe(at(startDate));
    const before = { updated: '2024-01-01T00:00:00Z' };
    expect(lowerBoundMs({ saved: before, lookbackMs: MINUTE, startDate })).toBe(at(startDate));
    const justAfter = { updated: '2024-05-01T00:00:30Z' };
    expect(lowerBoundMs({ saved: justAfter, lookbackMs: MINUTE, startDate })).toBe(at(startDate));
    const later = { updated: '2024-06-01T00:00:00Z' };
    expect(lowerBoundMs({ saved: later, lookbackMs: MINUTE, startDate })).toBe(
      at('2024-05-31T23:59:00Z'),
    );
    expect(lowerBoundMs({ saved: undefined, lookbackMs: MINUTE })).toBeUndefined();
  });

  it('rejects a state it cannot understand, naming the stream; reads one with ids_at_cursor', () => {
    expect(() => parseState('issues', { updated: 'yesterday' })).toThrow(/"issues"/);
    expect(() => parseState('issues', { updated: 5 })).toThrow(/ISO-8601/);
    expect(parseState('issues', {})).toBeUndefined();
    expect(
      parseState('documents', {
        updated: '2025-04-28T01:47:02Z',
        ids_at_cursor: ['a1', 'b2'],
      }),
    ).toEqual({ updated: '2025-04-28T01:47:02Z' });
  });
});

describe('updatedSinceWithLookback', () => {
  it('asks from a day that starts before the cursor in every time zone from UTC-12 to UTC+14', () => {
    for (const cursor of ['2024-05-10T00:00:00Z', '2024-05-10T11:59:59Z', '2024-05-10T23:59:59Z']) {
      const day = updatedSinceWithLookback(cursor);
      const cursorMs = Date.parse(cursor);
      for (let offsetHours = -12; offsetHours <= 14; offsetHours++) {
        const dayStartInZone = Date.parse(`${day}T00:00:00Z`) - offsetHours * 3600_000;
        expect(dayStartInZone).toBeLessThanOrEqual(cursorMs);
      }
    }
  });
});

describe('UpdatedCursor edge cases', () => {
  it('takes a null cursor as a first sync', () => {
    expect(parseState('issues', { updated: null })).toBeUndefined();
  });

  it('restarts at the earliest of several held-back changes', () => {
    expect(
      stateAfter(
        ['holdBack', '2024-01-03T00:00:00Z'],
        ['holdBack', '2024-01-05T00:00:00Z'],
        ['observe', '2024-01-06T00:00:00Z'],
      ),
    ).toEqual({ updated: '2024-01-03T00:00:00Z' });
  });
});
