import {
  parseUpdatedCursorState,
  startingCursor,
  UpdatedCursor,
  updatedSinceWithLookback,
} from './updated-cursor';

describe('UpdatedCursor', () => {
  it('emits everything on a first sync and remembers the ids at the newest second', () => {
    const cursor = new UpdatedCursor(undefined);
    expect(cursor.isNew('2024-01-01T00:00:00Z', 1)).toBe(true);
    cursor.observe('2024-01-01T00:00:00Z', 1);
    cursor.observe('2024-01-02T00:00:00Z', 2);
    cursor.observe('2024-01-02T00:00:00Z', 3);
    expect(cursor.state()).toEqual({ updated: '2024-01-02T00:00:00Z', ids_at_cursor: [2, 3] });
  });

  it('a same-second tie not yet emitted is new; one already emitted is not', () => {
    const cursor = new UpdatedCursor({ updated: '2024-01-02T00:00:00Z', ids_at_cursor: [2, 3] });
    expect(cursor.isNew('2024-01-02T00:00:00Z', 2)).toBe(false);
    expect(cursor.isNew('2024-01-02T00:00:00Z', 4)).toBe(true);
    expect(cursor.isNew('2024-01-01T23:59:59Z', 9)).toBe(false);
    expect(cursor.isNew('2024-01-02T00:00:01Z', 2)).toBe(true);
    cursor.observe('2024-01-02T00:00:00Z', 4);
    expect(cursor.state()).toEqual({ updated: '2024-01-02T00:00:00Z', ids_at_cursor: [2, 3, 4] });
  });

  it('keeps the saved state when nothing new was seen', () => {
    const saved = { updated: '2024-01-02T00:00:00Z', ids_at_cursor: [2] };
    expect(new UpdatedCursor(saved).state()).toEqual(saved);
  });

  it('restarts at a held-back change that was not emitted', () => {
    const cursor = new UpdatedCursor(undefined);
    cursor.observe('2024-01-01T00:00:00Z', 1);
    cursor.holdBack('2024-01-03T00:00:00Z');
    cursor.observe('2024-01-04T00:00:00Z', 2);
    expect(cursor.state()).toEqual({ updated: '2024-01-03T00:00:00Z' });
  });

  it('never starts before start_date', () => {
    expect(startingCursor(undefined, '2024-05-01T00:00:00Z')).toEqual({
      updated: '2024-05-01T00:00:00Z',
    });
    expect(startingCursor({ updated: '2024-01-01T00:00:00Z' }, '2024-05-01T00:00:00Z')).toEqual({
      updated: '2024-05-01T00:00:00Z',
    });
    const later = { updated: '2024-06-01T00:00:00Z', ids_at_cursor: [1] };
    expect(startingCursor(later, '2024-05-01T00:00:00Z')).toBe(later);
  });

  it('rejects a state it cannot understand, naming the stream', () => {
    expect(() => parseUpdatedCursorState('issues', { updated: 'yesterday' })).toThrow(/"issues"/);
    expect(() => parseUpdatedCursorState('issues', { updated: 5 })).toThrow(/ISO-8601/);
    expect(() =>
      parseUpdatedCursorState('issues', { updated: '2024-01-01T00:00:00Z', ids_at_cursor: [1.5] }),
    ).toThrow(/ids_at_cursor/);
    expect(parseUpdatedCursorState('issues', {})).toBeUndefined();
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

describe('UpdatedCursor with string ids (documents)', () => {
  it('tracks same-second ties by string id and restores them from state', () => {
    const cursor = new UpdatedCursor(undefined);
    cursor.observe('2025-04-28T01:47:02Z', 'b2');
    cursor.observe('2025-04-28T01:47:02Z', 'a1');
    const state = cursor.state();
    expect(state).toEqual({ updated: '2025-04-28T01:47:02Z', ids_at_cursor: ['a1', 'b2'] });
    const parsed = parseUpdatedCursorState('documents', state as never);
    const next = new UpdatedCursor(parsed);
    expect(next.isNew('2025-04-28T01:47:02Z', 'a1')).toBe(false);
    expect(next.isNew('2025-04-28T01:47:02Z', 'c3')).toBe(true);
  });
});
