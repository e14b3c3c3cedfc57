import { serverNowMs } from './server-clock';
import { UnorderedUpdatedPass } from './unordered-pass';
import type { UpdatedCursorState } from './updated-cursor';

const at = (iso: string): number => Date.parse(iso);
const from = (saved: UpdatedCursorState | undefined, lookbackMs = 0) => ({ saved, lookbackMs });

describe('UnorderedUpdatedPass', () => {
  it('keeps the newest updated seen when it is older than the pass start', () => {
    const pass = new UnorderedUpdatedPass(from(undefined), at('2025-01-01T12:00:00Z'));
    pass.observe('2024-06-01T00:00:00Z');
    pass.observe('2024-05-01T00:00:00Z');
    expect(pass.state()).toEqual({ updated: '2024-06-01T00:00:00Z' });
  });

  it('never resumes later than a second before the pass began', () => {
    // Row 1 was read, then changed; row 2, read later, changed even later: a cursor at row 2
    // would hide row 1's change from the next sync.
    const pass = new UnorderedUpdatedPass(from(undefined), at('2025-01-01T12:00:00.700Z'));
    pass.observe('2025-01-01T12:00:05Z');
    expect(pass.state()).toEqual({ updated: '2025-01-01T11:59:59Z' });
    const next = new UnorderedUpdatedPass(from(pass.state()), at('2025-01-01T13:00:00Z'));
    expect(next.isNew('2025-01-01T12:00:01Z')).toBe(true);
    expect(next.isNew('2025-01-01T11:59:59Z')).toBe(true);
    expect(next.isNew('2025-01-01T11:59:58Z')).toBe(false);
  });

  it('reads the lookback window before the saved cursor again', () => {
    const saved = { updated: '2025-01-01T11:59:59Z' };
    const next = new UnorderedUpdatedPass(from(saved, 60_000), at('2025-01-01T13:00:00Z'));
    expect(next.isNew('2025-01-01T11:58:59Z')).toBe(true);
    expect(next.isNew('2025-01-01T11:58:58Z')).toBe(false);
  });

  it('does not move a saved cursor backwards', () => {
    const saved = { updated: '2025-01-01T12:00:00Z' };
    const pass = new UnorderedUpdatedPass(from(saved), at('2025-01-01T12:00:00Z'));
    pass.observe('2025-01-01T12:00:00Z');
    expect(pass.state()).toEqual(saved);
    expect(new UnorderedUpdatedPass(from(saved), at('2025-01-02T00:00:00Z')).state()).toEqual(
      saved,
    );
  });
});

describe('UnorderedUpdatedPass edge cases', () => {
  it('moves an old saved cursor up to a second before the pass began, no further', () => {
    const saved = { updated: '2024-12-01T00:00:00Z' };
    const pass = new UnorderedUpdatedPass(from(saved), at('2025-01-01T12:00:00Z'));
    pass.observe('2025-01-01T12:00:30Z');
    expect(pass.state()).toEqual({ updated: '2025-01-01T11:59:59Z' });
  });
});

describe('serverNowMs', () => {
  afterEach(() => jest.useRealTimers());

  it("is the server's latest Date header, else our clock less five minutes", () => {
    jest.useFakeTimers({ now: at('2025-01-01T12:00:00Z') });
    const context = (serverTimeMs: number | undefined) => ({ client: { serverTimeMs } }) as never;
    expect(serverNowMs(context(at('2025-01-01T12:00:07Z')))).toBe(at('2025-01-01T12:00:07Z'));
    expect(serverNowMs(context(undefined))).toBe(at('2025-01-01T11:55:00Z'));
  });
});
