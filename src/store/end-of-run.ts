/**
 * Work left for the end of a run: the caches learn what a command read while
 * it runs and are written once it is done. `run()` calls `endRun()` as it
 * finishes, so a run in the same process as others (as the tests run it)
 * leaves nothing behind for the next one; there is no exit hook.
 */
const pending: (() => void)[] = [];

/** Runs `task` when the current run ends (in the order given). */
export function atEndOfRun(task: () => void): void {
  pending.push(task);
}

/** Runs and forgets every task left for the end of the run; never throws. */
export function endRun(): void {
  for (let task = pending.shift(); task !== undefined; task = pending.shift()) {
    try {
      task();
    } catch {
      // A cache that cannot be written costs nothing but speed.
    }
  }
}
