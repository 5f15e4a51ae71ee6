/** Counts the HTTP requests to /api and keeps their operation arrays, for test assertions. */
export class RequestLog {
  private count = 0;
  private perAction: Record<string, number> = {};
  private batches: unknown[][] = [];
  private refusals: Record<number, number> = {};

  /** Records one request; bodies that are not arrays count as requests only. */
  record(body: unknown): void {
    this.count++;
    if (!Array.isArray(body)) return;
    this.batches.push(structuredClone(body));
    for (const op of body) {
      const action = (op as { action?: unknown } | null)?.action;
      if (typeof action === 'string') this.perAction[action] = (this.perAction[action] ?? 0) + 1;
    }
  }

  /** A request refused at the HTTP level (429, 413) before anything of it ran. */
  recordRefusal(status: number): void {
    this.refusals[status] = (this.refusals[status] ?? 0) + 1;
  }

  refusedCount(status: number): number {
    return this.refusals[status] ?? 0;
  }

  requestCount(): number {
    return this.count;
  }

  operationCounts(): Record<string, number> {
    return { ...this.perAction };
  }

  requests(): unknown[][] {
    return structuredClone(this.batches);
  }

  reset(): void {
    this.count = 0;
    this.perAction = {};
    this.batches = [];
    this.refusals = {};
  }
}
