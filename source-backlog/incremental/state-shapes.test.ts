import type { ReadContext } from '../stream/definition';
import { cursorStartFor, parentWalkStartFor, updatedCursorFor } from './state-shapes';
import { UnorderedUpdatedPass } from './unordered-pass';

const context = (syncMode: 'incremental' | 'full_refresh', state: object | undefined) =>
  ({
    stream: 'issues',
    syncMode,
    state,
    config: { lookbackMs: 300_000, startDate: '2024-01-01T00:00:00Z' },
  }) as unknown as ReadContext;

describe('cursorStartFor', () => {
  it('an incremental read starts from the saved `updated`, with the lookback window and start_date', () => {
    expect(cursorStartFor(context('incremental', { updated: '2025-02-01T00:00:00Z' }))).toEqual({
      saved: { updated: '2025-02-01T00:00:00Z' },
      lookbackMs: 300_000,
      startDate: '2024-01-01T00:00:00Z',
    });
  });

  it('reads the cursor from the field the stream names', () => {
    const state = { updated: '2025-02-01T00:00:00Z', issues_updated: '2025-03-01T00:00:00Z' };
    expect(cursorStartFor(context('incremental', state), 'issues_updated').saved).toEqual({
      updated: '2025-03-01T00:00:00Z',
    });
  });

  it("a child stream's parent walk starts at its own field, or at the child's cursor without one", () => {
    const both = { updated: '2025-02-01T00:00:00Z', issues_updated: '2025-03-01T00:00:00Z' };
    expect(parentWalkStartFor(context('incremental', both), 'issues_updated').saved).toEqual({
      updated: '2025-03-01T00:00:00Z',
    });
    const older = { updated: '2025-02-01T00:00:00Z' };
    expect(parentWalkStartFor(context('incremental', older), 'issues_updated').saved).toEqual({
      updated: '2025-02-01T00:00:00Z',
    });
    expect(parentWalkStartFor(context('full_refresh', both), 'issues_updated').saved).toBe(
      undefined,
    );
  });

  it('a full refresh ignores any state but keeps start_date', () => {
    const start = cursorStartFor(context('full_refresh', { updated: 'not even a date' }));
    expect(start).toEqual({
      saved: undefined,
      lookbackMs: 300_000,
      startDate: '2024-01-01T00:00:00Z',
    });
  });

  it('the cursor and the unordered pass read `updated` by default', () => {
    const saved = context('incremental', { updated: '2025-02-01T00:00:00Z' });
    expect(updatedCursorFor(saved).state()).toEqual({ updated: '2025-02-01T00:00:00Z' });
    expect(updatedCursorFor(saved).fromUpdated).toBe('2025-01-31T23:55:00Z');
    const pass = new UnorderedUpdatedPass(
      cursorStartFor(saved),
      Date.parse('2025-06-01T00:00:00Z'),
    );
    expect(pass.state()).toEqual({ updated: '2025-02-01T00:00:00Z' });
  });
});
