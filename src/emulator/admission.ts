import { performance } from 'node:perf_hooks';

const WINDOW_MS = 1000;

/**
 * A sliding one-second window: at most `perSecond` requests admitted in any 1000 ms.
 * Refused requests do not count, so a client that waits `Retry-After` gets through.
 */
export class RateLimiter {
  private readonly admitted: number[] = [];

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Undefined when the request may run; otherwise the whole seconds to wait (at least 1). */
  admit(): number | undefined {
    const now = this.now();
    while (this.admitted.length > 0 && this.admitted[0]! <= now - WINDOW_MS) this.admitted.shift();
    if (this.admitted.length < this.perSecond) {
      this.admitted.push(now);
      return undefined;
    }
    return Math.max(1, Math.ceil((this.admitted[0]! + WINDOW_MS - now) / 1000));
  }
}

/** At most `size` tasks run at once; the others wait in arrival order (FIFO). */
export class WorkerPool {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.busy < this.size) this.busy++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // hand the slot straight to the next waiter, so no newcomer can overtake it
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.busy--;
    }
  }
}
