/** Requests a session lets in flight by default (`--concurrency`). */
export const DEFAULT_CONCURRENCY = 8;

/** What a request carries from the gate to its answer: the window it was sent in. */
export interface GateTicket {
  readonly window: number;
}

/** How the requests of a session went (for tests and debugging). */
export interface RequestStats {
  /** Requests allowed in flight now: `--concurrency`, halved on HTTP 429, grown back. */
  inFlightLimit: number;
  /** The most requests that were in flight at once. */
  maxInFlight: number;
  /** Answers with HTTP 429 (too many requests). */
  rateLimited: number;
}

/**
 * How many requests of one session are in flight, adapted to the server the way TCP adapts
 * to a network (additive increase, multiplicative decrease):
 *
 * - at most `max` at first (`--concurrency`);
 * - an HTTP 429 halves the limit (never below 1), once per window: the 429s of requests
 *   sent before the last halving were caused by the old limit and do not halve it again;
 * - after as many successful answers in a row as the limit (requests of the current
 *   window only), it grows by one, up to `max`;
 * - while a retry waits for a 429's `Retry-After` (or its backoff), no request is sent:
 *   the server asked the client, not one request, to wait (holdOff).
 *
 * Waiting requests are admitted in order; a retry goes first, since it waited already.
 */
export class RequestGate {
  readonly #max: number;
  #limit: number;
  #inFlight = 0;
  #window = 0;
  #successes = 0;
  #paused: Promise<unknown> = Promise.resolve();
  readonly #waiting: (() => void)[] = [];
  #open = false;
  #maxInFlight = 0;
  #rateLimited = 0;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('concurrency must be ≥ 1');
    this.#max = max;
    this.#limit = max;
  }

  /** Requests allowed in flight now. */
  get limit(): number {
    return this.#limit;
  }

  stats(): RequestStats {
    return {
      inFlightLimit: this.#limit,
      maxInFlight: this.#maxInFlight,
      rateLimited: this.#rateLimited,
    };
  }

  /**
   * Waits for a free slot and for any pause to end; `retry` puts the request at the head
   * of the queue. Every acquire must be followed by one release.
   */
  async acquire(retry = false): Promise<GateTicket> {
    if (!this.#open && (this.#inFlight >= this.#limit || this.#waiting.length > 0)) {
      // release() hands the slot over: #inFlight already counts this request.
      await new Promise<void>((resolve) => {
        if (retry) this.#waiting.unshift(resolve);
        else this.#waiting.push(resolve);
      });
    } else {
      this.#inFlight++;
    }
    for (let paused = this.#paused; ; paused = this.#paused) {
      await paused;
      if (paused === this.#paused || this.#open) break;
    }
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    return { window: this.#window };
  }

  /** Frees the slot of a request, after its answer: `ok`, `rate-limited` (429) or `failed`. */
  release(ticket: GateTicket, outcome: 'ok' | 'rate-limited' | 'failed'): void {
    this.#inFlight--;
    if (outcome === 'rate-limited') {
      this.#rateLimited++;
      this.#successes = 0;
      if (ticket.window === this.#window) {
        this.#limit = Math.max(1, Math.floor(this.#limit / 2));
        this.#window++;
      }
    } else if (outcome === 'ok' && ticket.window === this.#window) {
      this.#successes++;
      if (this.#successes >= this.#limit && this.#limit < this.#max) {
        this.#limit++;
        this.#successes = 0;
      }
    }
    this.#admit();
  }

  /** No request is sent until `pause` settles (nor until earlier pauses have). */
  holdOff(pause: Promise<unknown>): void {
    const settled = pause.then(
      () => undefined,
      () => undefined,
    );
    this.#paused = Promise.all([this.#paused, settled]);
  }

  /**
   * Lets every waiting and later request through at once (the session is closing: its
   * requests fail at once instead of waiting for a slot).
   */
  open(): void {
    this.#open = true;
    this.#limit = Number.POSITIVE_INFINITY;
    this.#admit();
  }

  #admit(): void {
    while (this.#waiting.length > 0 && this.#inFlight < this.#limit) {
      this.#inFlight++;
      this.#waiting.shift()!();
    }
  }
}
