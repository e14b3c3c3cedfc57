import { UnorderedUpdatedPass } from './unordered-pass';

const at = (iso: string): number => Date.parse(iso);

describe('UnorderedUpdatedPass', () => {
  it('keeps the newest updated seen when it is older than the pass start', () => {
    const pass = new UnorderedUpdatedPass(undefined, at('2025-01-01T12:00:00Z'));
    pass.observe('2024-06-01T00:00:00Z', 1);
    pass.observe('2024-05-01T00:00:00Z', 2);
    expect(pass.state()).toEqual({ updated: '2024-06-01T00:00:00Z', ids_at_cursor: [1] });
  });

  it('never resumes later than a second before the pass began', () => {
    // Row 1 was read, then changed; row 2, read later, changed even later: a cursor at row 2
    // would hide row 1's change from the next sync.
    const pass = new UnorderedUpdatedPass(undefined, at('2025-01-01T12:00:00.700Z'));
    pass.observe('2025-01-01T12:00:05Z', 2);
    expect(pass.state()).toEqual({ updated: '2025-01-01T11:59:59Z' });
    const next = new UnorderedUpdatedPass(pass.state(), at('2025-01-01T13:00:00Z'));
    expect(next.isNew('2025-01-01T12:00:01Z', 1)).toBe(true);
    expect(next.isNew('2025-01-01T11:59:59Z', 3)).toBe(true);
    expect(next.isNew('2025-01-01T11:59:58Z', 3)).toBe(false);
  });

  it('does not move a saved cursor backwards', () => {
    const from = { updated: '2025-01-01T12:00:00Z', ids_at_cursor: [7] };
    const pass = new UnorderedUpdatedPass(from, at('2025-01-01T12:00:00Z'));
    pass.observe('2025-01-01T12:00:00Z', 8);
    expect(pass.state()).toEqual(from);
    expect(new UnorderedUpdatedPass(from, at('2025-01-02T00:00:00Z')).state()).toEqual(from);
  });
});
