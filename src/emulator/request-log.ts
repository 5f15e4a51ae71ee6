/** Counts the HTTP requests to /api and keeps their operation arrays, for test assertions. */
export class RequestLog {
  private count = 0;
  private perAction: Record<string, number> = {};
  private batches: unknown[][] = [];

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
  }
}
