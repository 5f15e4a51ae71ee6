import { performance } from 'node:perf_hooks';
import type { ClockSeen, RateSeen } from '../report/index.js';
import type { ProbeAnswer, ServerProbe } from '../session/doctor-probe.js';
import type { Operation } from '../wire/index.js';

/** What the doctor needs of the session's read-only probe (tests give a fake). */
export type DoctorProbe = Pick<ServerProbe, 'apiUser' | 'pageSize' | 'read' | 'close'>;

/** The longest `Retry-After` waited before a check's read is sent again. */
const MAX_WAIT_MS = 5000;
/** A read answered HTTP 429 is sent again at most this many times. */
const MAX_RETRIES = 2;

/**
 * The doctor's reads through the probe, and what every answer tells besides its results:
 * the first HTTP 429 (a rate limit) and the `Date` header of the quickest answer (the
 * clock). A read answered 429 waits its `Retry-After` and is sent again, as the session
 * does, so that a rate limit does not fail the other checks.
 */
export class DoctorReads {
  #answered = 0;
  #started: number | undefined;
  #last = 0;
  #first429: RateSeen['first429'];
  #clock: ClockSeen | undefined;
  #quickest = Infinity;

  constructor(
    readonly probe: DoctorProbe,
    private readonly now: () => Date,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** One read; `retry: false` returns a 429 as it is (the burst stops at it). */
  async read(operations: readonly Operation[], retry = true): Promise<ProbeAnswer> {
    for (let attempt = 0; ; attempt++) {
      this.#started ??= performance.now();
      const sentAt = this.now().getTime();
      const answer = await this.probe.read(operations);
      this.#note(answer, sentAt, this.now().getTime());
      if (answer.status !== 429 || !retry || attempt >= MAX_RETRIES) return answer;
      await this.sleep(Math.min(answer.ok ? 1000 : (answer.retryAfterMs ?? 1000), MAX_WAIT_MS));
    }
  }

  /** True once the server answered HTTP 429. */
  get rateLimited(): boolean {
    return this.#first429 !== undefined;
  }

  rate(burst: number): RateSeen {
    const elapsedMs = this.#started === undefined ? 0 : this.#last - this.#started;
    return {
      requests: this.#answered,
      elapsedMs,
      burst,
      ...(this.#first429 === undefined ? {} : { first429: this.#first429 }),
    };
  }

  clock(): ClockSeen | undefined {
    return this.#clock;
  }

  #note(answer: ProbeAnswer, sentAt: number, answeredAt: number): void {
    this.#last = performance.now();
    if (answer.status === 429) {
      this.#first429 ??= {
        after: this.#answered,
        atMs: this.#last - (this.#started ?? this.#last),
        ...(!answer.ok && answer.retryAfterMs !== undefined
          ? { retryAfterMs: answer.retryAfterMs }
          : {}),
      };
    } else if (answer.status !== undefined) this.#answered++;
    if (answer.date !== undefined && answer.ms < this.#quickest) {
      this.#quickest = answer.ms;
      this.#clock = { date: answer.date, sentAt, answeredAt };
    }
  }
}
