/** Which requests a fault applies to: any, only batches with a write, only batches without. */
export type FaultScope = 'read' | 'write' | 'any';

interface FaultBase {
  on?: FaultScope;
  /** How many matching requests the fault applies to (default 1). */
  times?: number;
}

export type Fault =
  | (FaultBase & { kind: 'reset-before-commit' })
  | (FaultBase & { kind: 'reset-after-commit' })
  | (FaultBase & { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfter?: number })
  | (FaultBase & { kind: 'malformed-body' })
  | (FaultBase & { kind: 'truncated-body' })
  | (FaultBase & { kind: 'delay'; ms: number });

const KINDS = [
  'reset-before-commit',
  'reset-after-commit',
  'status',
  'malformed-body',
  'truncated-body',
  'delay',
];

/** A queue of injected faults; each applies to the next `times` matching requests. */
export class FaultQueue {
  private readonly entries: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    if (!KINDS.includes(fault.kind))
      throw new TypeError(`unknown fault kind ${String(fault.kind)}`);
    if (fault.kind === 'status' && ![429, 500, 502, 503, 504].includes(fault.status)) {
      throw new TypeError(`unsupported fault status ${String(fault.status)}`);
    }
    if (fault.kind === 'delay' && !(fault.ms >= 0))
      throw new TypeError('a delay fault needs ms >= 0');
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new TypeError('fault times must be a positive integer');
    this.entries.push({ fault, remaining: times });
  }

  /** Takes the first fault matching a request (write: the batch holds a write). */
  take(write: boolean): Fault | undefined {
    const index = this.entries.findIndex(({ fault }) => {
      const on = fault.on ?? 'any';
      return on === 'any' || (on === 'write') === write;
    });
    if (index < 0) return undefined;
    const entry = this.entries[index]!;
    entry.remaining--;
    if (entry.remaining === 0) this.entries.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
