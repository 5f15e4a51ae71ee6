/**
 * A value handed to a stage that uses it up. `take()` returns it once and forgets it, so
 * the receiver holds the only reference and may let each part go as soon as it has used
 * it. The plan pipeline hands the desired state over this way: on a large studio its
 * per-project sources are the largest part of memory, and the planner drops each user's
 * once resolved (docs/benchmarks.md). A caller that needs the value afterwards passes the
 * value itself, which is then never changed.
 */
export class Handover<T> {
  #value: T | undefined;

  constructor(value: T) {
    this.#value = value;
  }

  /** The value; a second take is a bug. */
  take(): T {
    const value = this.#value;
    if (value === undefined) throw new Error('internal: a handed-over value was taken twice');
    this.#value = undefined;
    return value;
  }
}

/** The value and whether it was handed over (then the receiver owns it). */
export function receive<T>(given: T | Handover<T>): { value: T; owned: boolean } {
  return given instanceof Handover
    ? { value: given.take(), owned: true }
    : { value: given, owned: false };
}
