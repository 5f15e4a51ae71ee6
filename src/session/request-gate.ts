/**
 * Requests a session lets in flight by default (`--concurrency`): 4, a few of a server's
 * workers. A studio's ftrack server serves its artists meanwhile, and a small hosted one
 * has no more than a few workers; more requests at once only queue there (see
 * RequestGate for servers that serve fewer).
 */
export const DEFAULT_CONCURRENCY = 4;

/**
 * An answer that took this many times the fastest of its kind (plus QUEUED_SLACK_MS) waited
 * in the server's queue: the server serves fewer requests at once than were in flight.
 * A queued request waits for another's whole service, so it takes about twice as long;
 * pages of one query differ by far less.
 */
const QUEUED_FACTOR = 1.8;
/** Milliseconds of slack for the timers' jitter. */
const QUEUED_SLACK_MS = 10;

/** What a request carries from the gate to its answer. */
export interface GateTicket {
  /** The window it was sent in (the limit changes open a new one). */
  readonly window: number;
  /** The kind of request (e.g. one query's pages), whose answers take alike. */
  readonly kind: string;
  /** When it was let through (the gate's clock, ms). */
  readonly sentAt: number;
  /** The client's busy time then (the gate's busy clock, ms). */
  readonly busyAt: number;
  /** Requests in flight when it was given its slot, itself included. */
  readonly inFlight: number;
}

/** How the requests of a session went (for tests and debugging). */
export interface RequestStats {
  /** Requests allowed in flight now: `--concurrency`, halved on HTTP 429, grown back. */
  inFlightLimit: number;
  /** The most requests that were in flight at once. */
  maxInFlight: number;
  /** Answers with HTTP 429 (too many requests). */
  rateLimited: number;
  /** Answers that show the server queued them (the limit was lowered for each). */
  queued: number;
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
 * - an answer that took QUEUED_FACTOR times the fastest answer of its kind waited in the
 *   server's queue: the server serves fewer than the requests that were in flight when it
 *   was sent, so the limit drops below that number and never grows past it again
 *   (once per window, like a 429). A server's own queue is invisible otherwise: no ftrack
 *   source says how many requests a server serves at once.
 *
 * Waiting requests are admitted in order; a retry goes first, since it waited already.
 */
export class RequestGate {
  /** The most requests allowed: `--concurrency`, lowered when the server queues. */
  #max: number;
  #limit: number;
  #inFlight = 0;
  #window = 0;
  #successes = 0;
  #paused: Promise<unknown> = Promise.resolve();
  /** Requests waiting for a slot: each is handed the requests in flight, itself included. */
  readonly #waiting: ((inFlight: number) => void)[] = [];
  #open = false;
  #maxInFlight = 0;
  #rateLimited = 0;
  #queued = 0;
  /** The fastest answer of each kind of request (ms). */
  readonly #fastest = new Map<string, number>();
  readonly #now: () => number;
  readonly #busy: () => number;

  /**
   * `now` is the clock (ms); `busy` the time the client's event loop has been busy so far
   * (ms): an answer that came while the client was busy (checking the config, taking in
   * another page) was taken in late, and that time is not the server's.
   */
  constructor(
    max: number,
    now: () => number = () => performance.now(),
    busy: () => number = () => performance.eventLoopUtilization().active,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('concurrency must be ≥ 1');
    this.#max = max;
    this.#limit = max;
    this.#now = now;
    this.#busy = busy;
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
      queued: this.#queued,
    };
  }

  /**
   * Waits for a free slot and for any pause to end; `retry` puts the request at the head
   * of the queue; `kind` names requests whose answers take alike (the pages of one query).
   * Every acquire must be followed by one release.
   */
  async acquire(retry = false, kind = ''): Promise<GateTicket> {
    let inFlight: number;
    if (!this.#open && (this.#inFlight >= this.#limit || this.#waiting.length > 0)) {
      // release() hands the slot over: #inFlight already counts this request.
      inFlight = await new Promise<number>((resolve) => {
        if (retry) this.#waiting.unshift(resolve);
        else this.#waiting.push(resolve);
      });
    } else {
      inFlight = ++this.#inFlight;
    }
    for (let paused = this.#paused; ; paused = this.#paused) {
      await paused;
      if (paused === this.#paused || this.#open) break;
    }
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    return { window: this.#window, kind, sentAt: this.#now(), busyAt: this.#busy(), inFlight };
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
    } else if (outcome === 'ok') {
      if (this.#waitedInQueue(ticket) && ticket.window === this.#window) {
        this.#queued++;
        this.#successes = 0;
        this.#max = Math.max(1, Math.min(this.#max, ticket.inFlight - 1));
        this.#limit = Math.min(this.#limit, this.#max);
        this.#window++;
      } else if (ticket.window === this.#window) {
        this.#successes++;
        if (this.#successes >= this.#limit && this.#limit < this.#max) {
          this.#limit++;
          this.#successes = 0;
        }
      }
    }
    this.#admit();
  }

  /**
   * Whether an answer took so much longer than the fastest of its kind that it queued. Both
   * sides err towards "not queued": the fastest is what answers took until the client took
   * them in (at least the server's time), and the answer is judged by the time the client
   * waited for it idle (at most the server's time: while the client's event loop was busy,
   * checking the config or taking in another page, the answer may have sat unread).
   */
  #waitedInQueue(ticket: GateTicket): boolean {
    const took = this.#now() - ticket.sentAt;
    const waited = took - (this.#busy() - ticket.busyAt);
    const fastest = this.#fastest.get(ticket.kind);
    if (fastest === undefined || took < fastest) {
      this.#fastest.set(ticket.kind, took);
      return false;
    }
    return ticket.inFlight > 1 && waited > QUEUED_FACTOR * fastest + QUEUED_SLACK_MS;
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
      this.#waiting.shift()!(++this.#inFlight);
    }
  }
}
