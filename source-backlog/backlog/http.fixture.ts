import type { Clock } from './clock';

/** What a fake transport does for one request: answer, or throw (a network failure). */
export type ScriptedAnswer =
  { status: number; headers?: Record<string, string>; data?: string } | { throws: unknown };

/** The next of `answers` as axios would hand it back, taken off the script. */
export function playNext(answers: ScriptedAnswer[]) {
  const answer = answers.shift();
  if (!answer) throw new Error('the test scripted no more answers');
  if ('throws' in answer) throw answer.throws;
  return { status: answer.status, headers: answer.headers ?? {}, data: answer.data ?? '' };
}

/** A clock that never really waits: a sleep moves it on at once and is recorded in `slept`. */
export function skippingClock(startMs: number) {
  const slept: number[] = [];
  const clock: Clock & { nowMs: number } = {
    nowMs: startMs,
    now() {
      return this.nowMs;
    },
    async sleep(ms: number) {
      slept.push(ms);
      this.nowMs += ms;
    },
  };
  return { clock, slept };
}

/** The error `promise` rejects with; fails the test if it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: Error) => error,
  );
}

/** Backoff jitter off: Math.random() is 1 in each test of the calling suite. */
export function withoutJitter(): void {
  beforeEach(() => jest.spyOn(Math, 'random').mockReturnValue(1));
  afterEach(() => jest.restoreAllMocks());
}
