/** Fault injection: queued one-off faults and a seeded random fault rate. */
import { seededRandom, type Random } from './random';
import type { FaultKind } from './types';

export const FAULT_KINDS: FaultKind[] = ['5xx', 'reset', 'truncate'];

export interface QueuedFault {
  kind: FaultKind;
  times: number;
  match?: (path: string) => boolean;
}

export class FaultInjector {
  private queue: QueuedFault[] = [];
  private rate = 0;
  private kinds: FaultKind[] = FAULT_KINDS;
  private readonly random: Random;
  private serverErrors = 0;

  constructor(seed: number) {
    this.random = seededRandom(seed ^ 0x5eed);
  }

  inject(fault: QueuedFault): void {
    if (fault.times > 0) this.queue.push({ ...fault });
  }

  setRate(rate: number, kinds: FaultKind[] = FAULT_KINDS): void {
    this.rate = rate;
    this.kinds = kinds.length > 0 ? [...kinds] : FAULT_KINDS;
  }

  clear(): void {
    this.queue = [];
    this.rate = 0;
  }

  /** The fault for a request to `path`, if any: queued faults first (in order), then the rate. */
  next(path: string): FaultKind | undefined {
    const queued = this.queue.find((f) => !f.match || f.match(path));
    if (queued) {
      queued.times--;
      if (queued.times <= 0) this.queue.splice(this.queue.indexOf(queued), 1);
      return queued.kind;
    }
    if (this.rate > 0 && this.random() < this.rate) {
      return this.kinds[Math.floor(this.random() * this.kinds.length)];
    }
    return undefined;
  }

  /** '5xx' faults alternate: odd occurrences 500 with a JSON body, even ones 503 with HTML. */
  nextServerErrorStatus(): 500 | 503 {
    this.serverErrors++;
    return this.serverErrors % 2 === 1 ? 500 : 503;
  }
}
