/**
 * Long pure computations written as generators that `yield` between steps of a few
 * milliseconds: run at once (runSteps), or with the event loop handed back between steps
 * (runStepsWithPauses), so that network answers are taken in while they run.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once and returns the result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Runs the steps, awaiting `pause()` between two steps, and resolves to the result. */
export async function runStepsWithPauses<T>(
  steps: Steps<T>,
  pause: () => Promise<void>,
): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await pause();
  }
}
